/// The rules that need all rows of a unit at once, checked in one pass over the rows sorted
/// by (id, start, stop) — microdata-tools' uniqueness and overlap checks:
///
/// - FIXED: one row per unit id.
/// - STATUS: one row per unit id and status date.
/// - ACCUMULATED, EVENT: a unit's periods do not overlap: each period's stop is before the
///   next period's start (a stop equal to the next start is an overlap, as in
///   microdata-tools); an EVENT spell without a stop (ongoing) may only be the unit's last.
enum TemporalRules {
    static func check(_ checker: DeliveryDataChecker, order: [Int32], lines: [Int32]) {
        let temporality = checker.metadata.temporality
        checker.ids.withUnsafeBufferPointer { id in
            checker.starts.withUnsafeBufferPointer { st in
                checker.stops.withUnsafeBufferPointer { sp in
                    order.withUnsafeBufferPointer { o in
                        var k = 1
                        while k < o.count {
                            let a = Int(o[k - 1]), b = Int(o[k])
                            k += 1
                            guard id[a] == id[b] else { continue }
                            let line = Int(lines[b]), other = Int(lines[a])
                            let unit = id[a]
                            switch temporality {
                            case .fixed:
                                checker.report(line, "unit id \(unit) appears more than once (also on line \(other)); a FIXED variable has one row per unit.")
                            case .status:
                                if st[a] == st[b] {
                                    checker.report(line, "unit id \(unit) has two rows for the status date \(EpochDays.format(st[b])) (also line \(other)).")
                                }
                            case .accumulated, .event:
                                if sp[a] == EpochDays.missing {
                                    checker.report(other, "unit id \(unit) has an ongoing spell from \(EpochDays.format(st[a])) that is not its last (a later spell starts \(EpochDays.format(st[b])) on line \(line)); only a unit's last spell may lack a stop date.")
                                } else if sp[a] >= st[b] {
                                    checker.report(line, "the period \(period(st[b], sp[b])) of unit id \(unit) overlaps the period \(period(st[a], sp[a])) on line \(other).")
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static func period(_ start: Int32, _ stop: Int32) -> String {
        "\(EpochDays.format(start))–\(EpochDays.format(stop))"
    }
}
