/// The fields of one `id;value;start;stop;attr` line as byte ranges into the line, without
/// allocating. A field wrapped in double quotes has them removed; `""` inside such a field is
/// an escaped quote and is flagged so the (rare) slow path can unescape it.
struct CSVFields {
    static let expected = 5
    private(set) var count = 0
    private var s0 = 0, e0 = 0, s1 = 0, e1 = 0, s2 = 0, e2 = 0, s3 = 0, e3 = 0, s4 = 0, e4 = 0
    private(set) var escapedQuotes = false
    private(set) var unterminatedQuote = false

    init(_ line: UnsafeBufferPointer<UInt8>) {
        var i = 0
        let n = line.count
        while true {
            var start = i, end = i
            if i < n, line[i] == 0x22 {  // quoted field
                start = i + 1
                i += 1
                var closed = false
                while i < n {
                    if line[i] == 0x22 {
                        if i + 1 < n, line[i + 1] == 0x22 { escapedQuotes = true; i += 2; continue }
                        closed = true
                        break
                    }
                    i += 1
                }
                if !closed { unterminatedQuote = true }
                end = i
                i += 1
                while i < n, line[i] != 0x3B { i += 1 }  // anything after the closing quote is ignored
            } else {
                while i < n, line[i] != 0x3B { i += 1 }
                end = i
            }
            set(count, start, min(end, n))
            count += 1
            if i >= n { break }
            i += 1  // skip ';'
            if i == n { set(count, n, n); count += 1; break }  // trailing ';' → empty last field
        }
    }

    private mutating func set(_ k: Int, _ s: Int, _ e: Int) {
        switch k {
        case 0: s0 = s; e0 = e
        case 1: s1 = s; e1 = e
        case 2: s2 = s; e2 = e
        case 3: s3 = s; e3 = e
        case 4: s4 = s; e4 = e
        default: break
        }
    }

    /// Field `k` (0-based, k < 5) of `line`.
    func field(_ k: Int, of line: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        let (s, e): (Int, Int)
        switch k {
        case 0: (s, e) = (s0, e0)
        case 1: (s, e) = (s1, e1)
        case 2: (s, e) = (s2, e2)
        case 3: (s, e) = (s3, e3)
        default: (s, e) = (s4, e4)
        }
        return UnsafeBufferPointer(rebasing: line[s..<e])
    }
}
