import Foundation

/// CSV of a released table (RFC 4180): one row per inner cell, the dimension labels, the
/// released count (empty when suppressed), the percentages asked for and any statistics.
/// Kept small on purpose; the export work may replace it (same file name, same entry point).
public enum TableCSV {
    public static func render(_ t: ReleasedTable) -> String {
        var header = t.dimensions
        if t.showsCounts { header.append("count") }
        header += t.percentages.map { $0.rawValue }
        header += t.statisticNames
        var out = header.map(field).joined(separator: ",") + "\r\n"
        for cell in t.cells {
            var row = cell.labels.map { $0 ?? "" }
            if t.showsCounts { row.append(cell.count.map(String.init) ?? "") }
            for p in t.percentages {
                let v: Double? = switch p {
                case .row: cell.rowPercent
                case .column: cell.columnPercent
                case .cell: cell.cellPercent
                }
                row.append(v.map { String(format: "%.1f", $0) } ?? "")
            }
            row += cell.statistics.map { $0.map { String($0) } ?? "" }
            out += row.map(field).joined(separator: ",") + "\r\n"
        }
        return out
    }

    static func field(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}
