/// A small dense matrix (row-major, contiguous) for the K×K side of estimation.
///
/// Only the small matrices (X'X, covariance matrices, factors) live here; the N×K data never
/// does. Row-major keeps `m[i, j]` obvious and the triangular loops cache-friendly for K ≤ a few
/// hundred, which is all that register models need.
public struct Matrix: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    public var storage: [Double]

    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0)
        self.rows = rows
        self.columns = columns
        self.storage = [Double](repeating: value, count: rows * columns)
    }

    /// Builds from row arrays; convenient in tests and for tiny matrices.
    public init(_ rowArrays: [[Double]]) {
        rows = rowArrays.count
        columns = rowArrays.first?.count ?? 0
        storage = []
        storage.reserveCapacity(rows * columns)
        for r in rowArrays {
            precondition(r.count == columns, "ragged rows")
            storage.append(contentsOf: r)
        }
    }

    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m[i, i] = 1 }
        return m
    }

    @inlinable
    public subscript(i: Int, j: Int) -> Double {
        get { storage[i * columns + j] }
        set { storage[i * columns + j] = newValue }
    }

    public var transposed: Matrix {
        var t = Matrix(rows: columns, columns: rows)
        for i in 0..<rows { for j in 0..<columns { t[j, i] = self[i, j] } }
        return t
    }

    public var diagonal: [Double] { (0..<min(rows, columns)).map { self[$0, $0] } }

    public static func * (a: Matrix, b: Matrix) -> Matrix {
        precondition(a.columns == b.rows)
        var c = Matrix(rows: a.rows, columns: b.columns)
        for i in 0..<a.rows {
            for k in 0..<a.columns {
                let aik = a[i, k]
                if aik == 0 { continue }
                for j in 0..<b.columns { c[i, j] += aik * b[k, j] }
            }
        }
        return c
    }

    public static func * (a: Matrix, v: [Double]) -> [Double] {
        precondition(a.columns == v.count)
        var out = [Double](repeating: 0, count: a.rows)
        for i in 0..<a.rows {
            var s = 0.0
            for j in 0..<a.columns { s += a[i, j] * v[j] }
            out[i] = s
        }
        return out
    }

    /// Scales in place: the sandwich and small-sample corrections are plain scalar factors.
    public static func * (s: Double, a: Matrix) -> Matrix {
        var m = a
        for i in m.storage.indices { m.storage[i] *= s }
        return m
    }

    /// Copies the upper triangle to the lower, so symmetric accumulators need fill only half.
    public mutating func symmetrizeFromUpper() {
        precondition(rows == columns)
        for i in 0..<rows { for j in 0..<i { self[i, j] = self[j, i] } }
    }

    /// Picks out rows and columns (in the given order): used to drop collinear terms.
    public func submatrix(_ idx: [Int]) -> Matrix {
        var m = Matrix(rows: idx.count, columns: idx.count)
        for (a, i) in idx.enumerated() { for (b, j) in idx.enumerated() { m[a, b] = self[i, j] } }
        return m
    }
}
