/// Text folding shared by search and name suggestions.
///
/// Norwegians type on foreign keyboards too: "kjonn", "kjoenn" and "kjønn" must meet. Folding
/// maps both the letters and their ASCII spellings to one form (å/aa → a, ø/oe → o, æ/ae → e),
/// lower-cases, and strips other diacritics. Both the catalogue and the query are folded the
/// same way, so a digraph that is not a spelling variant ("noen") still matches itself.
public enum SearchText {
    public static func fold(_ text: some StringProtocol) -> String {
        var out = String.UnicodeScalarView()
        var previous: Unicode.Scalar?
        for scalar in text.lowercased().unicodeScalars {
            let mapped: Unicode.Scalar
            switch scalar {
            case "å", "à", "á", "â", "ä", "ã": mapped = "a"
            case "ø", "ö", "ó", "ò", "ô": mapped = "o"
            case "æ", "é", "è", "ê", "ë": mapped = "e"
            case "ü", "ú", "ù": mapped = "u"
            case "í", "ì", "ï": mapped = "i"
            case "ç": mapped = "c"
            case "ñ": mapped = "n"
            case "–", "—": mapped = "-"
            default: mapped = scalar
            }
            // Collapse the ASCII digraphs onto the folded letter.
            if let p = previous {
                if (p == "a" && mapped == "a") || (p == "o" && mapped == "e") || (p == "a" && mapped == "e") {
                    out.removeLast()
                    let letter: Unicode.Scalar = p == "o" ? "o" : (mapped == "e" ? "e" : "a")
                    out.append(letter)
                    previous = nil
                    continue
                }
            }
            out.append(mapped)
            previous = mapped
        }
        return String(out)
    }

    /// Splits folded text into words: letters and digits, with camelCase and snake_case
    /// broken apart so `antLkAd` and `KRG_BRYST_ANT_LK_AD` yield `ant`, `lk`, `ad`.
    public static func words(_ text: some StringProtocol) -> [String] {
        var words: [String] = []
        var current = ""
        var lastWasLower = false
        func flush() { if !current.isEmpty { words.append(fold(current)); current = "" } }
        for ch in text {
            if ch.isLetter || ch.isNumber {
                if ch.isUppercase && lastWasLower { flush() }
                current.append(ch)
                lastWasLower = ch.isLowercase || ch.isNumber
            } else {
                flush()
                lastWasLower = false
            }
        }
        flush()
        return words
    }

    /// A sort key that puts æ, ø, å after z, as Norwegian collation does.
    public static func collationKey(_ text: String) -> String {
        var out = ""
        for ch in text.lowercased() {
            switch ch {
            case "æ": out += "z{"
            case "ø": out += "z|"
            case "å": out += "z}"
            default: out.append(ch)
            }
        }
        return out
    }
}
