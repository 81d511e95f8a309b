import Foundation

/// Raw column export for `kohort datastore export-columns` (benchmark tooling: compare.py
/// times DuckDB, Polars, numpy and statsmodels on exactly the rows Kohort works on). It lives
/// here because a dataset's rows are internal to KohortCore; it is never wired to the
/// interface or to `kohort run`, and it writes synthetic or operator-supplied test data only.
public enum ColumnExport {
    public struct Entry: Encodable, Sendable { public let name: String; public let dtype: String; public let length: Int; public let file: String }

    public enum ExportError: Error, CustomStringConvertible {
        case unknownVariable(dataset: String, variable: String)
        public var description: String {
            switch self { case let .unknownVariable(d, v): return "dataset \(d) has no variable \(v)" }
        }
    }

    /// Writes the ids and the named variables of `dataset` as little-endian arrays — int64 ids,
    /// float64 values (codes as their numeric value), int32 dates with Int32.min for missing —
    /// and returns their manifest entries.
    public static func write(_ d: Dataset, variables: [String], to out: URL) throws -> [Entry] {
        var manifest: [Entry] = []
        let idFile = "\(d.name).id.i64"
        try write(d.ids.map { $0.littleEndian }, to: out.appendingPathComponent(idFile))
        manifest.append(Entry(name: "\(d.name).id", dtype: "int64", length: d.ids.count, file: idFile))
        for v in variables {
            guard let c = d.column(named: v) else { throw ExportError.unknownVariable(dataset: d.name, variable: v) }
            let safe = v.replacingOccurrences(of: "@", with: "_at_")
            if c.type == .date {
                let file = "\(d.name).\(safe).i32"
                try write(c.numbers.map { $0.isNaN ? Int32.min.littleEndian : Int32($0).littleEndian }, to: out.appendingPathComponent(file))
                manifest.append(Entry(name: "\(d.name).\(v)", dtype: "int32", length: c.count, file: file))
            } else if c.type == .string {
                let file = "\(d.name).\(safe).f64"
                try write(c.codes.map { code in (code >= 0 ? Double(c.strings[Int(code)]) : nil).map { $0.bitPattern.littleEndian } ?? Double.nan.bitPattern }, to: out.appendingPathComponent(file))
                manifest.append(Entry(name: "\(d.name).\(v)", dtype: "float64", length: c.count, file: file))
            } else {
                let file = "\(d.name).\(safe).f64"
                try write(c.numbers.map { $0.bitPattern.littleEndian }, to: out.appendingPathComponent(file))
                manifest.append(Entry(name: "\(d.name).\(v)", dtype: "float64", length: c.count, file: file))
            }
        }
        return manifest
    }

    static func write<T>(_ values: [T], to url: URL) throws {
        try values.withUnsafeBytes { try Data($0).write(to: url) }
    }
}
