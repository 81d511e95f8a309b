/// What a cell should look like. Roles, not colours: the terminal driver maps roles to colour
/// pairs when the terminal has colours and NO_COLOR is unset, and to attributes otherwise.
public struct Style: Equatable, Sendable {
    public enum Role: UInt8, Sendable { case normal, title, accent, muted, selected, warning, good, header }
    public var role: Role
    public var bold: Bool
    public var reverse: Bool
    public var underline: Bool

    public init(_ role: Role = .normal, bold: Bool = false, reverse: Bool = false, underline: Bool = false) {
        self.role = role; self.bold = bold; self.reverse = reverse; self.underline = underline
    }

    public static let normal = Style()
    public static let title = Style(.title, bold: true, reverse: true)
    public static let selected = Style(.selected, reverse: true)
    public static let header = Style(.header, bold: true)
    public static let muted = Style(.muted)
    public static let accent = Style(.accent, bold: true)
    public static let warning = Style(.warning, bold: true)
    public static let good = Style(.good)
}

public struct Cell: Equatable, Sendable {
    public var scalar: Unicode.Scalar
    public var style: Style
    public static let blank = Cell(scalar: " ", style: .normal)
}

/// A grid of styled cells: the whole output of `view`. Tests read it as text; the terminal
/// driver diffs it against the previous frame and writes only what changed.
public struct Frame: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { if x >= 0, y >= 0, x < width, y < height { cells[y * width + x] = newValue } }
    }

    /// Writes text at (x, y), clipped to `maxWidth` columns and the frame; returns the columns used.
    /// Text that does not fit ends in an ellipsis so a cut is never mistaken for the value.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .normal, maxWidth: Int? = nil, ellipsis: String = "…") -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let limit = min(maxWidth ?? (width - x), width - x)
        guard limit > 0 else { return 0 }
        var scalars = Array(text.unicodeScalars.filter { $0.properties.generalCategory != .nonspacingMark && $0.value >= 32 })
        if scalars.count > limit {
            let tail = Array(ellipsis.unicodeScalars)
            scalars = Array(scalars.prefix(max(0, limit - tail.count))) + tail.prefix(limit)
        }
        for (i, s) in scalars.enumerated() where x + i >= 0 { self[x + i, y] = Cell(scalar: s, style: style) }
        return scalars.count
    }

    /// Fills a row segment with one style (title bars, the selected row).
    public mutating func fill(y: Int, from x0: Int = 0, to x1: Int? = nil, style: Style) {
        guard y >= 0, y < height else { return }
        for x in max(0, x0)..<min(width, x1 ?? width) { self[x, y] = Cell(scalar: " ", style: style) }
    }

    /// Sets the style of existing cells without changing their characters.
    public mutating func restyle(y: Int, from x0: Int = 0, to x1: Int? = nil, style: Style) {
        guard y >= 0, y < height else { return }
        for x in max(0, x0)..<min(width, x1 ?? width) { self[x, y].style = style }
    }

    /// A last guard for terminals without UTF-8: any non-ASCII character left (a clipped
    /// text's default ellipsis, a stray symbol) becomes '~' so nothing arrives as mojibake.
    public mutating func asciify() {
        for i in cells.indices where !cells[i].scalar.isASCII { cells[i].scalar = "~" }
    }

    /// The frame as text, one line per row with trailing spaces trimmed: what tests compare.
    public var text: String {
        (0..<height).map { y in
            var line = String(String.UnicodeScalarView(cells[(y * width)..<(y * width + width)].map(\.scalar)))
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }
}
