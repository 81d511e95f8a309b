/// A result that has passed disclosure control: the only kind of value that may leave the
/// core for a screen, a file or JSON.
///
/// The boundary is a type. Its initialiser is internal to KohortCore, so code outside the
/// module (renderers, exporters, the TUI, `kohort run`) can receive released results but can
/// never make one from raw numbers. Inside the module only the Disclosure layer constructs it.
public struct ReleasedResult: Sendable {
    /// The source line that produced it (after macro expansion).
    public let command: String
    /// 1-based line in the script.
    public let line: Int
    public let payload: ReleasedPayload
    /// What the disclosure layer applied (noise, suppression, winsorising, rounding, …).
    public let protections: [Protection]

    init(command: String, line: Int, payload: ReleasedPayload, protections: [Protection]) {
        self.command = command
        self.line = line
        self.payload = payload
        self.protections = protections
    }
}

/// What a released result holds. Each case's value type also has internal initialisers only.
public enum ReleasedPayload: Sendable {
    /// Text that carries no unit-level data (a textblock, a variable listing, help).
    case message(ReleasedMessage)
    /// tabulate (one-, two-, three-way; frequencies, percentages, `summarize(var)` volumes).
    case table(ReleasedTable)
    /// summarize
    case summary(ReleasedSummary)
    /// regress, logit, probit, poisson, cox, … (coefficients exact).
    case model(ReleasedModel)
    /// kaplan-meier
    case survival(ReleasedSurvival)
    case histogram(ReleasedHistogram)
    case boxplot(ReleasedBoxplot)
    case barchart(ReleasedBarchart)
    case hexbin(ReleasedHexbin)
    case sankey(ReleasedSankey)
    case pie(ReleasedPie)
    case correlation(ReleasedCorrelation)
    case coefplot(ReleasedCoefplot)
}

public struct ReleasedMessage: Sendable {
    public let text: String
    init(text: String) { self.text = text }
}

/// One protection the disclosure layer applied, for the footnote and the JSON `protections`.
public struct Protection: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// Stable machine name (`cell_key_noise`, `small_cell_suppression`, `winsorised`, …).
    public let rule: String
    /// One plain English sentence for the footnote.
    public let detail: String

    init(rule: String, detail: String) {
        self.rule = rule
        self.detail = detail
    }

    public var description: String { detail }
}
