/// "Did you mean …?" for unknown commands, variables, functions and options.
///
/// Norwegian names are often typed on keyboards or in systems without å, ø and æ, so `kjonn`,
/// `kjoenn` and `aarslonn` must all find `kjønn`/`årslønn`. Each name is compared under several
/// spellings (as typed, lower-cased; with å/ø/æ spelt aa/oe/ae; with å/ø/æ spelt a/o/ae) and the
/// smallest Damerau–Levenshtein distance counts, so a transliteration costs nothing and a
/// swapped pair of letters (`tabluate`) costs one edit.
public func nearestName(to name: String, in candidates: [String]) -> String? {
    let typed = spellings(of: name)
    guard !typed.isEmpty, !name.isEmpty else { return nil }
    let limit = max(1, min(4, (name.count + 1) / 3))
    var best: (distance: Int, name: String)?
    for candidate in candidates where candidate != name {
        let theirs = spellings(of: candidate)
        var d = Int.max
        for a in typed { for b in theirs { d = min(d, damerauLevenshtein(a, b)) } }
        guard d <= limit else { continue }
        if best == nil || d < best!.distance { best = (d, candidate) }
    }
    return best?.name
}

/// The ways a name may be written: lower-cased, and with Norwegian letters transliterated.
func spellings(of name: String) -> [[Character]] {
    let lower = name.lowercased()
    var long = "", short = ""
    for ch in lower {
        switch ch {
        case "å": long += "aa"; short += "a"
        case "ø": long += "oe"; short += "o"
        case "æ": long += "ae"; short += "ae"
        default: long.append(ch); short.append(ch)
        }
    }
    var result: [[Character]] = [Array(lower)]
    for variant in [long, short] where !result.contains(Array(variant)) { result.append(Array(variant)) }
    return result
}

/// Optimal-string-alignment Damerau–Levenshtein distance: insertions, deletions,
/// substitutions and transpositions of adjacent characters each cost one.
public func damerauLevenshtein(_ a: [Character], _ b: [Character]) -> Int {
    let n = a.count, m = b.count
    if n == 0 { return m }
    if m == 0 { return n }
    var d = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
    for i in 0...n { d[i][0] = i }
    for j in 0...m { d[0][j] = j }
    for i in 1...n {
        for j in 1...m {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            var v = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                v = min(v, d[i - 2][j - 2] + 1)
            }
            d[i][j] = v
        }
    }
    return d[n][m]
}
