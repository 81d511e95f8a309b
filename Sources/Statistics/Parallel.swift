import Dispatch

/// Row-block parallelism with deterministic results: blocks have a fixed size (not one per
/// core), and any per-block partial sums are combined in block order by the caller, so the
/// numbers do not depend on how many cores ran them.
enum Parallel {
    static let blockSize = 1 << 16

    static func blockCount(_ n: Int) -> Int { max(1, (n + blockSize - 1) / blockSize) }

    /// Runs body(block, start, end) for every block, on all cores when there is more than one.
    static func forEachBlock(_ n: Int, _ body: @Sendable (Int, Int, Int) -> Void) {
        let blocks = blockCount(n)
        if blocks == 1 { body(0, 0, n); return }
        DispatchQueue.concurrentPerform(iterations: blocks) { b in
            body(b, b * blockSize, min(n, (b + 1) * blockSize))
        }
    }
}

/// A mutable buffer that concurrent blocks write to at disjoint indices.
struct SharedBuffer: @unchecked Sendable {
    let base: UnsafeMutablePointer<Double>
}
