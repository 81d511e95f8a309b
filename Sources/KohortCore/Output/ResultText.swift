/// Plain-text rendering of released results: exactly what the Results pane shows and what
/// `kohort run` prints. Accepts only `ReleasedResult`, so nothing unreleased can be printed.
public enum ResultText {
    public static func render(_ result: ReleasedResult, glyphs: ChartGlyphs = .unicode) -> String {
        var out: String
        switch result.payload {
        case .message(let message): out = message.text
        }
        if !out.hasSuffix("\n") { out += "\n" }
        if !result.protections.isEmpty {
            out += "Note: " + result.protections.map(\.detail).joined(separator: " ") + "\n"
        }
        return out
    }
}

/// Characters for charts: Unicode blocks on UTF-8 terminals, pure ASCII otherwise.
public struct ChartGlyphs: Sendable, Equatable {
    public let fullBlock: String
    public let partialBlocks: [String]
    public let horizontal: String
    public let vertical: String
    public let corner: String

    public static let unicode = ChartGlyphs(fullBlock: "█", partialBlocks: ["▏", "▎", "▍", "▌", "▋", "▊", "▉"],
                                           horizontal: "─", vertical: "│", corner: "└")
    public static let ascii = ChartGlyphs(fullBlock: "#", partialBlocks: [], horizontal: "-", vertical: "|", corner: "+")
}
