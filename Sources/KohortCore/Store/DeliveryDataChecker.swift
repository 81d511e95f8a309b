import Foundation

/// Checks the rows of NAME.csv against its metadata while streaming the file, and (for the
/// importer) collects the typed columns.
///
/// Memory: the text is streamed through a fixed buffer, but the per-unit rules (FIXED ids
/// unique, STATUS one row per id and date, no overlapping ACCUMULATED/EVENT periods) need
/// every row's id and dates, and microdata-tools does not require sorted input (its own
/// examples are not sorted). So the checker keeps 20 bytes per valid row (id 8, start 4,
/// stop 4, line 4) and sorts a 4-byte permutation at the end: about 240 MB for 10 M rows,
/// independent of how long the lines are. Importing additionally keeps the value column.
final class DeliveryDataChecker {
    let metadata: DeliveryMetadata
    let file: String
    let collectValues: Bool
    static let maxProblems = 200

    private(set) var problems: [ValidationProblem] = []
    private var suppressed = 0
    private(set) var rows = 0
    private(set) var ids: [Int64] = []
    private(set) var starts: [Int32] = []
    private(set) var stops: [Int32] = []
    private var lines: [Int32] = []
    private var longs: [Int64] = []
    private var doubles: [Double] = []
    private var days: [Int32] = []
    private var stringCodes: [Int32] = []
    private var stringLookup: [String: Int32] = [:]
    private var stringLabels: [String] = []
    /// Code → validity periods; empty when the value domain is described, not enumerated.
    private let codeList: [String: [(from: Int32, until: Int32)]]
    private let sentinels: Set<String>

    init(metadata: DeliveryMetadata, file: String, collectValues: Bool) {
        self.metadata = metadata
        self.file = file
        self.collectValues = collectValues
        var codes: [String: [(Int32, Int32)]] = [:]
        for c in metadata.codeList { codes[c.code, default: []].append((c.validFrom, c.validUntil ?? .max)) }
        codeList = codes
        sentinels = Set(metadata.sentinelAndMissingValues)
    }

    func report(_ line: Int?, _ message: String) {
        if problems.count >= Self.maxProblems { suppressed += 1; return }
        problems.append(ValidationProblem(file: file, line: line, message: message))
    }

    private func text(_ b: UnsafeBufferPointer<UInt8>) -> String {
        let s = String(decoding: b.prefix(60), as: UTF8.self)
        return b.count > 60 ? s + "…" : s
    }

    /// One line of the file. Empty lines are skipped, as microdata-tools' CSV reader does.
    func check(line: UnsafeBufferPointer<UInt8>, number: Int) {
        if line.isEmpty { return }
        let f = CSVFields(line)
        guard f.count == CSVFields.expected, !f.unterminatedQuote else {
            if f.unterminatedQuote { report(number, "a quoted field is not closed.") }
            else { report(number, "expected 5 columns separated by ';' (id;value;start;stop;attr), found \(f.count).") }
            return
        }
        let idField = DataValueParser.trimSpaces(f.field(0, of: line))
        guard !idField.isEmpty else { report(number, "the unit id (column 1) is empty."); return }
        guard let id = DataValueParser.parseLong(idField) else {
            report(number, "the unit id \"\(text(idField))\" is not a whole number; Kohort stores unit ids as 64-bit integers.")
            return
        }
        var ok = true
        let start = date(f.field(2, of: line), column: 3, name: "start", line: number, ok: &ok)
        let stop = date(f.field(3, of: line), column: 4, name: "stop", line: number, ok: &ok)
        if ok { ok = checkTemporality(start: start, stop: stop, line: number) }
        if !value(f.field(1, of: line), escaped: f.escapedQuotes, at: start == EpochDays.missing ? stop : start, line: number) {
            ok = false
        }
        guard ok else {
            if collectValues { dropLastValue() }
            return
        }
        rows += 1
        ids.append(id)
        starts.append(start)
        stops.append(stop)
        lines.append(Int32(clamping: number))
    }

    private func date(_ raw: UnsafeBufferPointer<UInt8>, column: Int, name: String, line: Int, ok: inout Bool) -> Int32 {
        let b = DataValueParser.trimSpaces(raw)
        if b.isEmpty { return EpochDays.missing }
        guard let d = EpochDays.parse(b) else {
            report(line, "the \(name) date (column \(column)) \"\(text(b))\" is not a valid date YYYY-MM-DD.")
            ok = false
            return EpochDays.missing
        }
        return d
    }

    /// The per-row rules of each temporality (microdata-tools' dataset_validator).
    private func checkTemporality(start: Int32, stop: Int32, line: Int) -> Bool {
        let missing = EpochDays.missing
        switch metadata.temporality {
        case .fixed:
            // microdata-tools ignores (and deprecates) a FIXED stop date; only start must be empty.
            if start != missing {
                report(line, "a FIXED variable has no start date, but column 3 is \(EpochDays.format(start)); leave it empty.")
                return false
            }
        case .status:
            if start == missing || stop == missing {
                report(line, "a STATUS row needs both a start and a stop date (the status date).")
                return false
            }
            if start != stop {
                report(line, "a STATUS row must have start = stop (the status date), found \(EpochDays.format(start)) and \(EpochDays.format(stop)).")
                return false
            }
        case .accumulated:
            if start == missing || stop == missing {
                report(line, "an ACCUMULATED row needs both a start and a stop date (the period).")
                return false
            }
            if start > stop {
                report(line, "the start date \(EpochDays.format(start)) is after the stop date \(EpochDays.format(stop)).")
                return false
            }
        case .event:
            if start == missing {
                report(line, "an EVENT row needs a start date.")
                return false
            }
            if stop != missing, start > stop {
                report(line, "the start date \(EpochDays.format(start)) is after the stop date \(EpochDays.format(stop)).")
                return false
            }
        }
        return true
    }

    /// Parses, code-list-checks and (when importing) collects the value. Returns false if the
    /// row is invalid; a value is appended only for a valid value.
    private func value(_ raw: UnsafeBufferPointer<UInt8>, escaped: Bool, at date: Int32, line: Int) -> Bool {
        let dataType = metadata.dataType
        let b = DataValueParser.trimSpaces(raw)
        guard !b.isEmpty else { report(line, "the value (column 2) is empty."); return false }
        var canonical: String?
        switch dataType {
        case .long:
            guard let v = DataValueParser.parseLong(b) else { return badValue(b, line) }
            if collectValues { longs.append(v) }
            if !codeList.isEmpty { canonical = String(v) }
        case .double:
            guard let v = DataValueParser.parseDouble(b) else { return badValue(b, line) }
            if collectValues { doubles.append(v) }
            if !codeList.isEmpty { canonical = String(v) }
        case .date:
            guard let v = EpochDays.parse(b) else { return badValue(b, line) }
            if collectValues { days.append(v) }
            if !codeList.isEmpty { canonical = EpochDays.format(v) }
        case .string:
            var s = String(decoding: b, as: UTF8.self)
            if escaped { s = s.replacingOccurrences(of: "\"\"", with: "\"") }
            if collectValues {
                if let code = stringLookup[s] {
                    stringCodes.append(code)
                } else {
                    let code = Int32(stringLabels.count)
                    stringLookup[s] = code
                    stringLabels.append(s)
                    stringCodes.append(code)
                }
            }
            if !codeList.isEmpty { canonical = s }
        }
        if let canonical, !sentinels.contains(canonical) {
            guard let periods = codeList[canonical] else {
                report(line, "the value \"\(canonical)\" is not in the code list.")
                return false
            }
            if date != EpochDays.missing, !periods.contains(where: { $0.from <= date && date <= $0.until }) {
                let valid = periods.map { "\(EpochDays.format($0.from))–\($0.until == .max ? "" : EpochDays.format($0.until))" }
                report(line, "the value \"\(canonical)\" is in the code list but not valid on \(EpochDays.format(date)) (valid \(valid.joined(separator: ", "))).")
                return false
            }
        }
        return true
    }

    private func badValue(_ b: UnsafeBufferPointer<UInt8>, _ line: Int) -> Bool {
        report(line, "the value \"\(text(b))\" is not a valid \(metadata.dataType.rawValue)\(metadata.dataType == .date ? " (YYYY-MM-DD)" : "").")
        return false
    }

    /// Keeps the value column aligned with the id column when a row is rejected after its
    /// value was collected (a bad date or a code not valid on the row's date).
    private func dropLastValue() {
        let expected = rows
        switch metadata.dataType {
        case .long: if longs.count > expected { longs.removeLast() }
        case .double: if doubles.count > expected { doubles.removeLast() }
        case .date: if days.count > expected { days.removeLast() }
        case .string: if stringCodes.count > expected { stringCodes.removeLast() }
        }
    }

    /// After the last line: the empty-file rule and the per-unit rules. Returns the sorted
    /// row order for the importer.
    func finish() -> [Int32] {
        if rows == 0, problems.isEmpty { report(nil, "the data file has no rows.") }
        let order = RowOrder.sorted(ids: ids, starts: starts, stops: stops)
        TemporalRules.check(self, order: order, lines: lines)
        if suppressed > 0 {
            problems.append(ValidationProblem(file: file, line: nil,
                                              message: "\(suppressed) more problem(s) not shown; fix the ones above first."))
        }
        lines = []
        return order
    }

    /// The collected columns in file order (importer only; call after `finish`).
    func takeColumns() -> VariableColumns {
        let values: ValueColumn
        switch metadata.dataType {
        case .long: values = .long(longs)
        case .double: values = .double(doubles)
        case .date: values = .date(days)
        case .string:
            // Recode to the sorted dictionary the store requires.
            let sortedLabels = stringLabels.sorted()
            var remap = [Int32](repeating: 0, count: stringLabels.count)
            for (newCode, label) in sortedLabels.enumerated() { remap[Int(stringLookup[label]!)] = Int32(newCode) }
            values = .string(codes: stringCodes.map { remap[Int($0)] }, dictionary: sortedLabels)
        }
        return VariableColumns(ids: ids, starts: starts, stops: stops, values: values)
    }
}
