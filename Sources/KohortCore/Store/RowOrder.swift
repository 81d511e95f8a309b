/// The row order the store and the validator both use: by unit id, then start, then stop
/// (missing dates, `Int32.min`, first), ties broken by input position so it is stable.
///
/// Sorting a permutation of Int32 row numbers (4 bytes a row) rather than the rows keeps the
/// extra memory small and lets the same order drive the overlap checks and the column writes.
enum RowOrder {
    static func sorted(ids: [Int64], starts: [Int32], stops: [Int32]) -> [Int32] {
        let n = ids.count
        var order = [Int32](unsafeUninitializedCapacity: n) { buf, count in
            for i in 0..<n { buf[i] = Int32(truncatingIfNeeded: i) }
            count = n
        }
        ids.withUnsafeBufferPointer { id in
            starts.withUnsafeBufferPointer { st in
                stops.withUnsafeBufferPointer { sp in
                    var alreadySorted = true
                    var i = 1
                    while i < n {
                        if (id[i - 1], st[i - 1], sp[i - 1]) > (id[i], st[i], sp[i]) { alreadySorted = false; break }
                        i += 1
                    }
                    if alreadySorted { return }
                    order.sort { a, b in
                        let x = Int(a), y = Int(b)
                        if id[x] != id[y] { return id[x] < id[y] }
                        if st[x] != st[y] { return st[x] < st[y] }
                        if sp[x] != sp[y] { return sp[x] < sp[y] }
                        return a < b
                    }
                }
            }
        }
        return order
    }

    static func isIdentity(_ order: [Int32]) -> Bool {
        order.withUnsafeBufferPointer { o in
            for i in 0..<o.count where Int(o[i]) != i { return false }
            return true
        }
    }
}
