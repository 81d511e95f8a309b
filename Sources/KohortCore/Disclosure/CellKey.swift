import Foundation

/// The cell key method (DESIGN.md §4 and §7; the Australian Bureau of Statistics' TableBuilder
/// and the ONS's 2021 census tables use the same scheme).
///
/// 1. Every unit gets a fixed pseudo-random **record key** r(u) = SipHash-2-4(k, id) mod N, with
///    the 128-bit SipHash key k derived from the datastore's `cell_key_secret` and
///    N = 2³² (`RecordKey.modulus`). Without the secret the keys cannot be computed, and
///    changing the secret changes every perturbation.
/// 2. A cell's **cell key** is (Σ r(u) over the cell's units) mod N. Because N divides 2⁶⁴, the
///    running sum can be kept in a wrapping `UInt64` and reduced once at the end, so the
///    group-by adds one integer per row and nothing else.
/// 3. The **perturbation table** (`PerturbationTable`) maps (min(count, M), cell key) to an
///    integer noise d. The same set of units always has the same count and the same cell key,
///    hence the same noise, however the cell was reached (a different command, row order,
///    thread split, or as a margin of another table).

/// A unit's record key: a keyed 64-bit hash of the unit id, reduced to [0, N).
///
/// SipHash-2-4 (Aumasson & Bernstein) is a keyed pseudo-random function: for an adversary who
/// does not know the key, outputs are indistinguishable from uniform. It costs a few
/// nanoseconds per 8-byte id and allocates nothing, so it can run per row in a 5.5 M-row scan.
@frozen public struct RecordKey: Sendable, Equatable {
    /// N = 2³²: record keys and cell keys lie in [0, N).
    public static let modulus: UInt64 = 1 << 32
    @usableFromInline let k0: UInt64
    @usableFromInline let k1: UInt64

    /// Derives the SipHash key from the datastore secret (itself hashed with two fixed keys, so
    /// any string of any length gives a full 128-bit key).
    public init(secret: String) {
        let bytes = Array(secret.utf8)
        k0 = SipHash24.hash(bytes, k0: 0x4b6f_686f_7274_2d63, k1: 0x656c_6c2d_6b65_7931)
        k1 = SipHash24.hash(bytes, k0: 0x4b6f_686f_7274_2d63, k1: 0x656c_6c2d_6b65_7932)
    }

    public init(policy: DisclosurePolicy) { self.init(secret: policy.cellKeySecret) }

    /// The record key of a numeric unit id (the fast path: no allocation).
    @inlinable @inline(__always)
    public func callAsFunction(_ id: Int64) -> UInt64 {
        SipHash24.hash8(UInt64(bitPattern: id), k0: k0, k1: k1) >> 32
    }

    /// Record keys for a whole id column, computed once (split across cores) so that later
    /// group-bys only add integers. Keys fit in 32 bits; 5.5 M units take 22 MB.
    public func keys(_ ids: [Int64]) -> [UInt32] {
        var out = [UInt32](repeating: 0, count: ids.count)
        let chunks = max(1, min(ids.count / 65_536, ProcessInfo.processInfo.activeProcessorCount * 4))
        let count = ids.count
        guard count > 0 else { return out }
        ids.withUnsafeBufferPointer { idb in
            out.withUnsafeMutableBufferPointer { ob in
                nonisolated(unsafe) let source = idb.baseAddress!
                nonisolated(unsafe) let target = ob.baseAddress!
                DispatchQueue.concurrentPerform(iterations: chunks) { c in
                    let lo = count * c / chunks, hi = count * (c + 1) / chunks
                    for i in lo..<hi { target[i] = UInt32(truncatingIfNeeded: self(source[i])) }
                }
            }
        }
        return out
    }

    /// The record key of a textual unit id (hashes the UTF-8 bytes).
    public func callAsFunction(_ id: String) -> UInt64 {
        var id = id
        return id.withUTF8 { SipHash24.hash($0, k0: k0, k1: k1) } >> 32
    }
}

/// SipHash-2-4, as in the reference implementation (little-endian message words).
public enum SipHash24 {
    @inlinable @inline(__always)
    static func rotl(_ x: UInt64, _ b: UInt64) -> UInt64 { (x << b) | (x >> (64 &- b)) }

    @inlinable @inline(__always)
    static func round(_ v0: inout UInt64, _ v1: inout UInt64, _ v2: inout UInt64, _ v3: inout UInt64) {
        v0 = v0 &+ v1; v1 = rotl(v1, 13); v1 ^= v0; v0 = rotl(v0, 32)
        v2 = v2 &+ v3; v3 = rotl(v3, 16); v3 ^= v2
        v0 = v0 &+ v3; v3 = rotl(v3, 21); v3 ^= v0
        v2 = v2 &+ v1; v1 = rotl(v1, 17); v1 ^= v2; v2 = rotl(v2, 32)
    }

    /// SipHash-2-4 of exactly one 8-byte little-endian word.
    @inlinable @inline(__always)
    public static func hash8(_ m: UInt64, k0: UInt64, k1: UInt64) -> UInt64 {
        var v0 = k0 ^ 0x736f_6d65_7073_6575
        var v1 = k1 ^ 0x646f_7261_6e64_6f6d
        var v2 = k0 ^ 0x6c79_6765_6e65_7261
        var v3 = k1 ^ 0x7465_6462_7974_6573
        v3 ^= m
        round(&v0, &v1, &v2, &v3); round(&v0, &v1, &v2, &v3)
        v0 ^= m
        let b: UInt64 = 8 << 56
        v3 ^= b
        round(&v0, &v1, &v2, &v3); round(&v0, &v1, &v2, &v3)
        v0 ^= b
        v2 ^= 0xff
        round(&v0, &v1, &v2, &v3); round(&v0, &v1, &v2, &v3); round(&v0, &v1, &v2, &v3); round(&v0, &v1, &v2, &v3)
        return v0 ^ v1 ^ v2 ^ v3
    }

    /// SipHash-2-4 of a byte string.
    public static func hash(_ bytes: [UInt8], k0: UInt64, k1: UInt64) -> UInt64 {
        bytes.withUnsafeBufferPointer { hash($0, k0: k0, k1: k1) }
    }

    /// SipHash-2-4 of bytes in place (no copy).
    public static func hash(_ bytes: UnsafeBufferPointer<UInt8>, k0: UInt64, k1: UInt64) -> UInt64 {
        var v0 = k0 ^ 0x736f_6d65_7073_6575
        var v1 = k1 ^ 0x646f_7261_6e64_6f6d
        var v2 = k0 ^ 0x6c79_6765_6e65_7261
        var v3 = k1 ^ 0x7465_6462_7974_6573
        let whole = bytes.count / 8 * 8
        var i = 0
        while i < whole {
            var m: UInt64 = 0
            for j in 0..<8 { m |= UInt64(bytes[i + j]) << (8 * UInt64(j)) }
            v3 ^= m
            round(&v0, &v1, &v2, &v3); round(&v0, &v1, &v2, &v3)
            v0 ^= m
            i += 8
        }
        var b = UInt64(bytes.count & 0xff) << 56
        for j in 0..<(bytes.count - whole) { b |= UInt64(bytes[whole + j]) << (8 * UInt64(j)) }
        v3 ^= b
        round(&v0, &v1, &v2, &v3); round(&v0, &v1, &v2, &v3)
        v0 ^= b
        v2 ^= 0xff
        round(&v0, &v1, &v2, &v3); round(&v0, &v1, &v2, &v3); round(&v0, &v1, &v2, &v3); round(&v0, &v1, &v2, &v3)
        return v0 ^ v1 ^ v2 ^ v3
    }
}

/// What the engine's group-by accumulates for each cell: the number of units and the wrapping
/// sum of their record keys. Cells are dense indices (row-major over the table's category
/// codes). Two accumulators over disjoint row ranges merge by addition, so a scan can be split
/// across cores.
public struct CellKeyAccumulator: Sendable, Equatable {
    public var counts: [Int]
    /// Σ r(u), wrapping; the cell key is this value mod N (`cellKey(_:)`).
    public var keySums: [UInt64]

    public init(cells: Int) {
        counts = Array(repeating: 0, count: cells)
        keySums = Array(repeating: 0, count: cells)
    }

    @inlinable @inline(__always)
    public mutating func add(cell: Int, recordKey: UInt64) {
        counts[cell] &+= 1
        keySums[cell] = keySums[cell] &+ recordKey
    }

    public mutating func merge(_ other: CellKeyAccumulator) {
        precondition(other.counts.count == counts.count, "merging accumulators of different shapes")
        for i in counts.indices {
            counts[i] += other.counts[i]
            keySums[i] = keySums[i] &+ other.keySums[i]
        }
    }

    public func cellKey(_ cell: Int) -> UInt64 { keySums[cell] % RecordKey.modulus }
}

/// The perturbation table: (min(count, M), cell key) → noise d, with M = 5.
///
/// The cell key's top four bits choose one of 16 equally likely columns (a cell key is uniform
/// on [0, N), so each column has probability 1/16 exactly). The rows:
///
/// | count      | noise d by column 0…15                         | distribution            |
/// |------------|------------------------------------------------|-------------------------|
/// | 0          | 0 everywhere                                   | zeros stay zero         |
/// | 1, 2, 3, 4 | −1 in columns 0–7, +1 in columns 8–15          | ±1 with probability ½   |
/// | ≥ 5        | −2 (1 column), −1 (4), 0 (6), +1 (4), +2 (1)   | Binomial(4, ½) − 2      |
///
/// Properties, all pinned by tests: E[d] = 0 in every row, so released counts are unbiased;
/// Var[d] = 1 in every non-zero row; |d| ≤ 2; count + d ≥ 0 (a count of 1 becomes 0 or 2,
/// never negative); a zero cell stays 0; a count of 1–4 is never released as its true value.
/// Adding or removing one unit changes the cell key to an unrelated value, so the noise of a
/// cell and of the same cell plus one unit are independent (the differencing attack sees
/// d₂ − d₁ + 1, which equals 1 only with probability 70/256 for large counts).
public struct PerturbationTable: Sendable {
    public static let standard = PerturbationTable()
    /// M: counts of M or more share the last row.
    public let cappedAt = 5
    /// The largest absolute noise.
    public let bound = 2
    /// The noise variance of every non-zero row.
    public let variance = 1.0
    /// rows[min(count, M)][column]
    public let rows: [[Int]] = [
        Array(repeating: 0, count: 16),
        Array(repeating: -1, count: 8) + Array(repeating: 1, count: 8),
        Array(repeating: -1, count: 8) + Array(repeating: 1, count: 8),
        Array(repeating: -1, count: 8) + Array(repeating: 1, count: 8),
        Array(repeating: -1, count: 8) + Array(repeating: 1, count: 8),
        [-2, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2],
    ]

    public init() {}

    /// The column a cell key selects.
    public static func column(cellKey: UInt64) -> Int { Int((cellKey % RecordKey.modulus) >> 28) }

    public func noise(count: Int, cellKey: UInt64) -> Int {
        precondition(count >= 0, "negative count")
        return rows[min(count, cappedAt)][Self.column(cellKey: cellKey)]
    }

    /// The released value of a count: count + noise, never negative.
    public func perturb(count: Int, cellKey: UInt64) -> Int {
        max(0, count + noise(count: count, cellKey: cellKey))
    }

    /// Perturbs a cell given its raw key sum (reduced mod N here).
    public func perturb(count: Int, keySum: UInt64) -> Int {
        perturb(count: count, cellKey: keySum % RecordKey.modulus)
    }
}
