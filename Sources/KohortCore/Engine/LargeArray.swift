import Foundation

/// Arrays of millions of elements allocated for a column that is about to be written whole.
///
/// A fresh full-size column (75 MB) comes from its own mmap, and the kernel then faults it
/// in 4 KiB at a time: ~18 000 page faults, each with its memory-cgroup charge and LRU
/// bookkeeping, and the same again to unmap it when it is freed. Profiles of `generate` and
/// `import` at full size spent more time there than in the arithmetic. Asking for
/// transparent huge pages on the fresh range (MADV_HUGEPAGE; the system's THP mode is often
/// "madvise", which means nothing happens without the request) makes that 512 times fewer
/// faults. numpy does the same for its large arrays. The request is advice: where THP is off
/// or no huge page is free, the kernel silently uses small pages.
enum LargeArray {
    /// Below this, the array is probably reused heap memory, and not worth a system call.
    static let threshold = 4 << 20

    /// `[T](unsafeUninitializedCapacity:initializingWith:)` with the huge-page request made
    /// before `body` first touches the memory.
    @inline(__always)
    static func make<T>(_ count: Int, _ body: (UnsafeMutableBufferPointer<T>) -> Void) -> [T] {
        [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            advise(UnsafeMutableRawBufferPointer(buffer))
            body(buffer)
            initialized = count
        }
    }

    /// Off unless `KOHORT_HUGE_PAGES=1`. Measured at full size on the 2-core VM (README
    /// Performance): with the request, a dated import and `generate` were bimodal from process
    /// to process (31 or 105 ms; 15 or 90 ms) with no compaction stalls to explain it; without
    /// it (THP "never" for these arrays) they were steady at 45 and 31 ms, inside their budgets.
    /// A steady time is what a user can plan on, so the request is opt-in for experiments.
    static let requested = ProcessInfo.processInfo.environment["KOHORT_HUGE_PAGES"] == "1"

    /// MADV_HUGEPAGE on the 2 MiB-aligned inside of a large buffer (when `requested`).
    static func advise(_ buffer: UnsafeMutableRawBufferPointer) {
        #if os(Linux)
        guard requested, buffer.count >= threshold, let base = buffer.baseAddress else { return }
        let huge = 2 << 20
        let start = (Int(bitPattern: base) + huge - 1) & ~(huge - 1)
        let end = (Int(bitPattern: base) + buffer.count) & ~(huge - 1)
        guard end > start, let p = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(p, end - start, 14) // MADV_HUGEPAGE
        #endif
    }
}
