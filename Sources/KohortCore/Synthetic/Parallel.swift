import Foundation

/// Fixed-chunk parallelism. Chunk boundaries depend only on the row count, and every random
/// draw is keyed by row index (never by thread), so output is identical on any machine and any
/// core count; the chunking only decides who does the work.
enum Parallel {
    static let chunkSize = 1 << 16

    /// Calls `body(range)` for consecutive ranges covering `0..<count`, spread across cores.
    static func forChunks(count: Int, chunkSize: Int = Parallel.chunkSize,
                          _ body: @Sendable (Range<Int>) -> Void) {
        if count == 0 { return }
        let chunks = (count + chunkSize - 1) / chunkSize
        if chunks == 1 { body(0..<count); return }
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let lo = c * chunkSize
            body(lo..<min(count, lo + chunkSize))
        }
    }
}

/// A buffer handed to parallel chunks. Chunks write disjoint index ranges of a buffer that
/// outlives the synchronous `concurrentPerform`, which is why sharing it is safe.
struct SharedBuffer<T>: @unchecked Sendable {
    let base: UnsafeMutableBufferPointer<T>
    @inline(__always) subscript(i: Int) -> T {
        get { base[i] }
        nonmutating set { base[i] = newValue }
    }
}

/// Allocates an array and fills it in parallel chunks.
@inline(__always)
func parallelFill<T>(_ count: Int, _ initial: T,
                     _ body: @Sendable (Range<Int>, SharedBuffer<T>) -> Void) -> [T] {
    var out = [T](repeating: initial, count: count)
    out.withUnsafeMutableBufferPointer { buf in
        let b = SharedBuffer(base: buf)
        Parallel.forChunks(count: count) { r in body(r, b) }
    }
    return out
}

extension Parallel {
    /// One partial result per fixed chunk, in chunk order (deterministic reductions).
    static func chunkSums<T>(count: Int, chunkSize: Int = Parallel.chunkSize, _ body: @Sendable (Range<Int>) -> T) -> [T] {
        if count == 0 { return [] }
        let chunks = (count + chunkSize - 1) / chunkSize
        var out = [T?](repeating: nil, count: chunks)
        out.withUnsafeMutableBufferPointer { buf in
            let b = SharedBuffer(base: buf)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                let lo = c * chunkSize
                b[c] = body(lo..<min(count, lo + chunkSize))
            }
        }
        return out.map { $0! }
    }
}
