import Foundation

/// Number formatting and column layout shared by the text renderers: thousands separators
/// (`12,345`), right-aligned numbers, `..` for a suppressed value.
enum TextFormat {
    static let suppressed = ".."

    static func group(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return n < 0 ? "-" + out : out
    }

    static func count(_ n: Int?) -> String { n.map(group) ?? suppressed }

    /// A fixed number of decimals with a grouped integer part.
    static func fixed(_ x: Double, decimals: Int) -> String {
        guard x.isFinite else { return x.isNaN ? "." : (x > 0 ? "inf" : "-inf") }
        let s = String(format: "%.\(decimals)f", x)
        let negative = s.hasPrefix("-")
        let body = negative ? String(s.dropFirst()) : s
        let parts = body.split(separator: ".", maxSplits: 1)
        let integer = Int(parts[0]).map(group) ?? String(parts[0])
        let sign = negative && x != 0 && Double(body) != 0 ? "-" : ""
        return sign + integer + (parts.count > 1 ? "." + parts[1] : "")
    }

    /// A statistic with about four significant digits (never fewer than the integer part).
    static func stat(_ x: Double?) -> String {
        guard let x else { return suppressed }
        guard x.isFinite, x != 0 else { return fixed(x, decimals: 0) }
        let magnitude = Int(floor(log10(abs(x))))
        var s = fixed(x, decimals: max(0, min(6, 3 - magnitude)))
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s
    }

    static func percent(_ x: Double?) -> String { x.map { fixed($0, decimals: 1) } ?? suppressed }

    static func width(_ s: String) -> Int { s.count }

    static func padLeft(_ s: String, _ w: Int) -> String { String(repeating: " ", count: max(0, w - width(s))) + s }
    static func padRight(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: max(0, w - width(s))) }

    /// Rows of cells into aligned columns: the first column left-aligned, the rest right-aligned,
    /// two spaces apart. `rules` are row indices *before* which a horizontal rule is drawn
    /// (the header rule is index 1).
    static func columns(_ rows: [[String]], rules: Set<Int>, glyphs: ChartGlyphs, leftAligned: Int = 1) -> String {
        let n = rows.map(\.count).max() ?? 0
        var widths = Array(repeating: 0, count: n)
        for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], width(c)) } }
        let total = widths.reduce(0, +) + 2 * max(0, n - 1)
        var out = ""
        for (ri, r) in rows.enumerated() {
            if rules.contains(ri) { out += String(repeating: glyphs.horizontal, count: total) + "\n" }
            var line = ""
            for (i, c) in r.enumerated() {
                if i > 0 { line += "  " }
                line += i < leftAligned ? padRight(c, widths[i]) : padLeft(c, widths[i])
            }
            while line.hasSuffix(" ") { line.removeLast() }
            out += line + "\n"
        }
        return out
    }

    /// Word-wraps a paragraph to `width`, indenting continuation lines.
    static func wrap(_ text: String, width: Int, indent: String) -> String {
        var lines: [String] = [], current = ""
        for word in text.split(separator: " ") {
            if !current.isEmpty && current.count + 1 + word.count > width {
                lines.append(current); current = indent + word
            } else {
                current += (current.isEmpty ? "" : " ") + word
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines.joined(separator: "\n")
    }
}
