/// Allocation-free word comparisons for the search hot loop. Words are runs of Unicode
/// scalar values in one flat buffer; a query word is compared against every vocabulary word
/// on each keystroke, so these functions neither allocate nor build matrices.
enum WordMatch {
    typealias Word = UnsafeBufferPointer<UInt32>

    /// How well query word `q` matches vocabulary word `w` (0 = no match): exact 1.0, prefix
    /// (typing in progress) 0.8, part of a compound 0.5, one typo 0.6, one typo in a prefix 0.45.
    static func quality(query q: Word, word w: Word) -> Float {
        let n = q.count, m = w.count
        if n == m && equal(q, w, count: n) { return 1.0 }
        if m > n && equal(q, w, count: n) { return n >= 3 ? 0.8 : 0.6 }
        guard n >= 4 else { return 0 }
        if m > n && contains(w, q) { return 0.5 }
        if abs(m - n) <= 1 && withinOneEdit(q, w, bLength: m) { return 0.6 }
        if n >= 5 && m > n {
            for prefix in (n - 1)...(n + 1) where prefix <= m {
                if withinOneEdit(q, w, bLength: prefix) { return 0.45 }
            }
        }
        return 0
    }

    static func equal(_ a: Word, _ b: Word, count: Int) -> Bool {
        var i = 0
        while i < count { if a[i] != b[i] { return false }; i += 1 }
        return true
    }

    static func contains(_ haystack: Word, _ needle: Word) -> Bool {
        let n = needle.count, m = haystack.count
        guard m >= n, n > 0 else { return false }
        let first = needle[0]
        var start = 0
        while start <= m - n {
            if haystack[start] == first {
                var k = 1
                while k < n && haystack[start + k] == needle[k] { k += 1 }
                if k == n { return true }
            }
            start += 1
        }
        return false
    }

    /// True when `a` and the first `bLength` scalars of `b` are at most one Damerau edit apart
    /// (one substitution, insertion, deletion or swap of neighbours).
    static func withinOneEdit(_ a: Word, _ b: Word, bLength: Int) -> Bool {
        let n = a.count, m = bLength
        if abs(n - m) > 1 { return false }
        var i = 0
        while i < n && i < m && a[i] == b[i] { i += 1 }
        if i == n && i == m { return true }
        if n == m {
            // substitution at i, or a swap of i and i+1
            if tailEqual(a, i + 1, b, i + 1, n - i - 1) { return true }
            return i + 1 < n && a[i] == b[i + 1] && a[i + 1] == b[i] && tailEqual(a, i + 2, b, i + 2, n - i - 2)
        }
        if n == m + 1 { return tailEqual(a, i + 1, b, i, m - i) }   // a has an extra scalar
        return tailEqual(a, i, b, i + 1, n - i)                      // b has an extra scalar
    }

    private static func tailEqual(_ a: Word, _ ai: Int, _ b: Word, _ bi: Int, _ count: Int) -> Bool {
        guard count > 0 else { return true }
        for k in 0..<count where a[ai + k] != b[bi + k] { return false }
        return true
    }
}
