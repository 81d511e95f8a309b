import Foundation

/// The order of unique 64-bit keys by a parallel LSD radix sort: the person population's
/// PERSONID_1 order, the one sort on the cold-start path.
///
/// Why not `sort`: ordering 9.4 M (id, index) pairs with the standard library's comparison sort
/// took about 5 G instructions on one core, the largest single item of a cold start (docs/
/// synthetic-store.md, "Cold start"). Here each key is packed with its index into one word,
/// (key − min) << 24 | index, and the key bits are sorted 11 at a time: three passes over the
/// array for PERSONID_1's 34-bit span, each a per-chunk histogram and a stable scatter, both
/// spread across cores. Keys are unique, so the order is the one any correct sort gives, on any
/// machine and any core count.
enum RadixSort {
    static let indexBits = 24
    static let digitBits = 11

    /// Indices of `keys` in ascending key order, or nil when the keys cannot be packed (2²⁴ keys
    /// or more, or a span wider than 40 bits): callers fall back to a comparison sort.
    static func order(ofUniqueKeys keys: [Int64]) -> [Int32]? {
        let n = keys.count
        guard n > 0, n < 1 << indexBits else { return n == 0 ? [] : nil }
        var lo = keys[0], hi = keys[0]
        for k in keys { lo = min(lo, k); hi = max(hi, k) }
        let span = UInt64(bitPattern: hi &- lo)
        let keyBits = UInt64.bitWidth - span.leadingZeroBitCount
        guard keyBits + indexBits <= UInt64.bitWidth else { return nil }
        let base = lo
        var a: [UInt64] = keys.withUnsafeBufferPointer { k in
            let keysBuffer = UnsafeSendable(k)
            return parallelFill(n, 0) { r, out in
                for i in r { out[i] = UInt64(bitPattern: keysBuffer.value[i] &- base) << UInt64(indexBits) | UInt64(i) }
            }
        }
        var b = [UInt64](repeating: 0, count: n)
        let radix = 1 << digitBits, mask = UInt64(radix - 1)
        let passes = (keyBits + digitBits - 1) / digitBits
        let chunkSize = Parallel.chunkSize
        for pass in 0..<passes {
            let shift = UInt64(indexBits + pass * digitBits)
            a.withUnsafeMutableBufferPointer { src in
            b.withUnsafeMutableBufferPointer { dst in
                let from = SharedBuffer(base: src), to = SharedBuffer(base: dst)
                let counts = Parallel.chunkSums(count: n, chunkSize: chunkSize) { r -> [Int] in
                    var h = [Int](repeating: 0, count: radix)
                    for i in r { h[Int((from[i] >> shift) & mask)] += 1 }
                    return h
                }
                // Where chunk c's first key of digit d goes: all smaller digits, then the same
                // digit of earlier chunks (a stable scatter).
                var starts = counts
                var next = 0
                for d in 0..<radix {
                    for c in counts.indices { starts[c][d] = next; next += counts[c][d] }
                }
                let offsets = starts
                Parallel.forChunks(count: n, chunkSize: chunkSize) { r in
                    var at = offsets[r.lowerBound / chunkSize]
                    for i in r {
                        let v = from[i]
                        let d = Int((v >> shift) & mask)
                        to[at[d]] = v
                        at[d] += 1
                    }
                }
            }}
            swap(&a, &b)
        }
        let indexMask = UInt64(1 << indexBits - 1)
        return a.withUnsafeBufferPointer { sorted in
            let s = UnsafeSendable(sorted)
            return parallelFill(n, 0) { r, out in for i in r { out[i] = Int32(truncatingIfNeeded: s.value[i] & indexMask) } }
        }
    }
}

/// A read-only buffer handed to parallel chunks (valid for the synchronous call it is made in).
struct UnsafeSendable<T>: @unchecked Sendable {
    let value: UnsafeBufferPointer<T>
    init(_ value: UnsafeBufferPointer<T>) { self.value = value }
}
