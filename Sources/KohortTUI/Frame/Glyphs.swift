import Foundation

/// Drawing characters: Unicode box and block characters on a UTF-8 terminal, pure ASCII
/// otherwise (or with `--ascii`), so the interface works over any SSH session.
public struct Glyphs: Sendable, Equatable {
    public let horizontal: String
    public let vertical: String
    public let topLeft: String, topRight: String, bottomLeft: String, bottomRight: String
    public let collapsed: String, expanded: String
    public let cursor: String
    public let block: String
    public let dot: String
    public let ellipsis: String
    public let up: String, down: String

    public static let unicode = Glyphs(horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└",
                                       bottomRight: "┘", collapsed: "▸", expanded: "▾", cursor: "▏", block: "█",
                                       dot: "·", ellipsis: "…", up: "↑", down: "↓")
    public static let ascii = Glyphs(horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+",
                                     bottomRight: "+", collapsed: ">", expanded: "v", cursor: "_", block: "#",
                                     dot: "-", ellipsis: "~", up: "^", down: "v")

    /// Unicode only when the locale's character set is UTF-8 (`nl_langinfo(CODESET)` after
    /// `setlocale(LC_ALL, "")`); LANG=C ("ANSI_X3.4-1968"), a Latin-1 locale, an unknown
    /// set or `--ascii` get ASCII, which every terminal shows.
    public static func forCodeset(_ codeset: String?, forceASCII: Bool = false) -> Glyphs {
        guard !forceASCII, let codeset else { return .ascii }
        return codeset.uppercased().filter { $0 != "-" && $0 != "_" } == "UTF8" ? .unicode : .ascii
    }

    /// In ASCII mode every non-ASCII letter of catalogue text is transliterated (å → aa) so
    /// nothing arrives as mojibake on a terminal that cannot show it.
    public func transliterate(_ text: String) -> String {
        guard self == .ascii else { return text }
        var out = ""
        for ch in text {
            switch ch {
            case "æ": out += "ae"; case "Æ": out += "Ae"
            case "ø": out += "oe"; case "Ø": out += "Oe"
            case "å": out += "aa"; case "Å": out += "Aa"
            case "–", "—": out += "-"
            case "…": out += "..."
            case "≥": out += ">="; case "≤": out += "<="; case "≠": out += "!="
            case "←", "◂": out += "<"; case "→", "▸": out += ">"
            case "↑": out += "^"; case "↓": out += "v"; case "·": out += "-"
            case "×": out += "x"
            default:
                if ch.isASCII { out.append(ch) } else {
                    let folded = String(ch).folding(options: .diacriticInsensitive, locale: nil)
                    out += folded.allSatisfy(\.isASCII) ? folded : "?"
                }
            }
        }
        return out
    }
}
