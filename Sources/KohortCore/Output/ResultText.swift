/// Plain-text rendering of released results: exactly what the Results pane shows and what
/// `kohort run` prints. Accepts only `ReleasedResult`, so nothing unreleased can be printed.
public enum ResultText {
    /// Renders a result for a terminal `width` columns wide (tables may be wider; the Results
    /// pane scrolls them sideways). The protections follow as a `Note:` footnote.
    public static func render(_ result: ReleasedResult, glyphs: ChartGlyphs = .unicode, width: Int = 80) -> String {
        let width = max(40, width)
        var out: String
        switch result.payload {
        case .message(let message): out = message.text
        case .table(let t): out = TableText.render(t, glyphs: glyphs)
        case .summary(let s): out = TableText.render(s, glyphs: glyphs)
        case .model(let m): out = TableText.render(m, glyphs: glyphs)
        case .correlation(let c): out = TableText.render(c, glyphs: glyphs)
        case .survival(let s): out = ChartText.survival(s, glyphs: glyphs, width: width)
        case .histogram(let h): out = ChartText.histogram(h, glyphs: glyphs, width: width)
        case .boxplot(let b): out = ChartText.boxplot(b, glyphs: glyphs, width: width)
        case .barchart(let b): out = ChartText.barchart(b, glyphs: glyphs, width: width)
        case .hexbin(let h): out = ChartText.hexbin(h, glyphs: glyphs, width: width)
        case .sankey(let s): out = ChartText.sankey(s, glyphs: glyphs, width: width)
        case .pie(let p): out = ChartText.pie(p, glyphs: glyphs, width: width)
        case .coefplot(let c): out = ChartText.coefplot(c, glyphs: glyphs, width: width)
        }
        if !out.hasSuffix("\n") { out += "\n" }
        if !result.protections.isEmpty {
            out += TextFormat.wrap("Note: " + result.protections.map(\.detail).joined(separator: " "), width: width, indent: "      ") + "\n"
        }
        return out
    }
}

/// Characters for charts: Unicode blocks on UTF-8 terminals, pure ASCII otherwise.
public struct ChartGlyphs: Sendable, Equatable {
    public let fullBlock: String
    /// Left-aligned eighths ▏…▉ for horizontal bars (empty: whole characters only).
    public let partialBlocks: [String]
    public let horizontal: String
    public let vertical: String
    public let corner: String
    /// Lower eighths ▁…▇ for vertical bars (empty: whole characters only).
    public let lowerBlocks: [String]
    /// Four increasing density shades (hexbin) and fills that tell groups apart (pie, curves).
    public let shades: [String]
    public let fills: [String]
    public let markers: [String]
    public let arrow: String
    public let whiskerEnds: (String, String)
    public let boxEdges: (String, String)
    public let boxFill: String
    public let median: String

    public static func == (a: ChartGlyphs, b: ChartGlyphs) -> Bool { a.fullBlock == b.fullBlock && a.horizontal == b.horizontal && a.shades == b.shades }

    public static let unicode = ChartGlyphs(fullBlock: "█", partialBlocks: ["▏", "▎", "▍", "▌", "▋", "▊", "▉"],
                                           horizontal: "─", vertical: "│", corner: "└",
                                           lowerBlocks: ["▁", "▂", "▃", "▄", "▅", "▆", "▇"],
                                           shades: ["░", "▒", "▓", "█"], fills: ["█", "▓", "▒", "░"],
                                           markers: ["█", "▓", "▒", "░"], arrow: "──▶",
                                           whiskerEnds: ("├", "┤"), boxEdges: ("[", "]"), boxFill: "▒", median: "┃")
    public static let ascii = ChartGlyphs(fullBlock: "#", partialBlocks: [], horizontal: "-", vertical: "|", corner: "+",
                                         lowerBlocks: [], shades: [".", "+", "*", "#"], fills: ["#", "*", "+", "-", "|"],
                                         markers: ["*", "+", "o", "x"], arrow: "-->",
                                         whiskerEnds: ("|", "|"), boxEdges: ("[", "]"), boxFill: " ", median: "|")
}
