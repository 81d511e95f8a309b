/// "Did you mean …?" for names typed by a person: the nearest candidate by edit distance on
/// folded text (case and Norwegian spelling variants ignored), when it is near enough to help.
public enum NameSuggestion {
    public static func nearest(to name: String, in candidates: [String]) -> String? {
        let target = Array(SearchText.fold(name).unicodeScalars)
        guard !target.isEmpty else { return nil }
        let limit = max(1, min(3, target.count / 3))
        var best: (String, Int)?
        for candidate in candidates {
            let folded = Array(SearchText.fold(candidate).unicodeScalars)
            guard abs(folded.count - target.count) <= limit else { continue }
            let d = EditDistance.damerauLevenshtein(target, folded, limit: limit)
            if d <= limit, best == nil || d < best!.1 { best = (candidate, d) }
        }
        return best?.0
    }
}

/// Bounded Damerau–Levenshtein (optimal string alignment) distance, the typo model of search.
enum EditDistance {
    /// Returns a value > `limit` as soon as the distance is known to exceed it.
    static func damerauLevenshtein(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int {
        let n = a.count, m = b.count
        if abs(n - m) > limit { return limit + 1 }
        if n == 0 { return m }
        if m == 0 { return n }
        var prev2 = [Int](repeating: 0, count: m + 1)
        var prev = Array(0...m)
        var cur = [Int](repeating: 0, count: m + 1)
        for i in 1...n {
            cur[0] = i
            var rowMin = cur[0]
            for j in 1...m {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { v = min(v, prev2[j - 2] + 1) }
                cur[j] = v
                rowMin = min(rowMin, v)
            }
            if rowMin > limit { return limit + 1 }
            (prev2, prev, cur) = (prev, cur, prev2)
        }
        return prev[m]
    }
}
