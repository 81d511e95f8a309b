/// Text folding shared by search and name suggestions.
///
/// Norwegians type on foreign keyboards too: "kjonn", "kjoenn" and "kjønn" must meet. Folding
/// maps both the letters and their ASCII spellings to one form (å/aa → a, ø/oe → o, æ/ae → e),
/// lower-cases, and strips other diacritics. Both the catalogue and the query are folded the
/// same way, so a digraph that is not a spelling variant ("noen") still matches itself.
public enum SearchText {
    public static func fold(_ text: some StringProtocol) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var previous: UInt8 = 0
        for scalar in text.unicodeScalars { appendFolded(scalar, to: &out, previous: &previous) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Lower-cases one scalar and maps Norwegian and other accented letters to ASCII.
    @inline(__always)
    static func foldScalar(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let v = scalar.value
        if v < 128 { return v >= 65 && v <= 90 ? Unicode.Scalar(v + 32)! : scalar }
        switch scalar {
        case "å", "Å", "à", "á", "â", "ä", "ã", "À", "Á", "Â", "Ä", "Ã": return "a"
        case "ø", "Ø", "ö", "ó", "ò", "ô", "Ö", "Ó", "Ò", "Ô": return "o"
        case "æ", "Æ", "é", "è", "ê", "ë", "É", "È", "Ê", "Ë": return "e"
        case "ü", "ú", "ù", "Ü", "Ú", "Ù": return "u"
        case "í", "ì", "ï", "Í", "Ì", "Ï": return "i"
        case "ç", "Ç": return "c"
        case "ñ", "Ñ": return "n"
        case "–", "—": return "-"
        default:
            let lower = scalar.properties.lowercaseMapping.unicodeScalars
            return lower.count == 1 ? lower.first! : scalar
        }
    }

    /// Splits text into folded words: letters and digits, with camelCase and snake_case
    /// broken apart so `antLkAd` and `KRG_BRYST_ANT_LK_AD` yield `ant`, `lk`, `ad`.
    public static func words(_ text: some StringProtocol) -> [String] {
        var words: [String] = []
        var bytes = Array(text.utf8)
        bytes.append(32) // a sentinel so the last word is flushed by the loop
        var word: [UInt8] = []
        var previous: UInt8 = 0
        var lastWasLower = false
        func flush() {
            if !word.isEmpty { words.append(String(decoding: word, as: UTF8.self)); word.removeAll(keepingCapacity: true) }
            previous = 0
        }
        bytes.withUnsafeBufferPointer { b in
            var i = 0
            while i < b.count {
                let (value, length) = decodeUTF8(b, i)
                i += length
                let isUpper: Bool, isLower: Bool, isDigit: Bool
                if value < 128 {
                    isUpper = value >= 65 && value <= 90; isLower = value >= 97 && value <= 122; isDigit = value >= 48 && value <= 57
                } else if value >= 0xC0 && value <= 0xFE && value != 0xD7 && value != 0xF7 {
                    // Latin-1 letters (æ ø å é …): upper case below 0xDF.
                    isUpper = value < 0xDF; isLower = !isUpper; isDigit = false
                } else {
                    let p = Unicode.Scalar(value)?.properties
                    isUpper = p?.isUppercase ?? false
                    isLower = (p?.isLowercase ?? false) || ((p?.isAlphabetic ?? false) && !isUpper)
                    isDigit = p?.numericType != nil
                }
                guard isUpper || isLower || isDigit else { flush(); lastWasLower = false; continue }
                if isUpper && lastWasLower { flush() }
                lastWasLower = isLower || isDigit
                appendFolded(Unicode.Scalar(value) ?? " ", to: &word, previous: &previous)
            }
        }
        return words
    }

    /// Appends one scalar's folded form, collapsing aa → a, oe → o, ae → e with the previous byte.
    @inline(__always)
    static func appendFolded(_ scalar: Unicode.Scalar, to out: inout [UInt8], previous: inout UInt8) {
        let mapped = foldScalar(scalar)
        if mapped.value < 128 {
            let byte = UInt8(mapped.value)
            if (previous == 97 && (byte == 97 || byte == 101)) || (previous == 111 && byte == 101) {
                out[out.count - 1] = previous == 111 ? 111 : byte
                previous = 0
                return
            }
            out.append(byte)
            previous = byte
        } else {
            UTF8.encode(mapped) { out.append($0) }
            previous = 0
        }
    }

    /// Decodes the scalar starting at `i` of valid UTF-8 (Swift strings always are).
    @inline(__always)
    static func decodeUTF8(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> (UInt32, Int) {
        let c0 = UInt32(b[i])
        if c0 < 0x80 { return (c0, 1) }
        if c0 < 0xE0 { return (((c0 & 0x1F) << 6) | (UInt32(b[i + 1]) & 0x3F), 2) }
        if c0 < 0xF0 { return (((c0 & 0x0F) << 12) | ((UInt32(b[i + 1]) & 0x3F) << 6) | (UInt32(b[i + 2]) & 0x3F), 3) }
        return (((c0 & 0x07) << 18) | ((UInt32(b[i + 1]) & 0x3F) << 12) | ((UInt32(b[i + 2]) & 0x3F) << 6) | (UInt32(b[i + 3]) & 0x3F), 4)
    }

    /// A sort key that puts æ, ø, å after z, as Norwegian collation does.
    public static func collationKey(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 4)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "æ", "Æ": out += [122, 123]   // "z{"
            case "ø", "Ø": out += [122, 124]   // "z|"
            case "å", "Å": out += [122, 125]   // "z}"
            default:
                let v = scalar.value
                if v < 128 { out.append(v >= 65 && v <= 90 ? UInt8(v + 32) : UInt8(v)) } else { UTF8.encode(scalar) { out.append($0) } }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
