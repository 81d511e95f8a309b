import Testing
@testable import KohortCore

/// The branch-free parallel count, key sum and gather of a model's rows against a plain filter,
/// on masks that exercise the part boundaries: parts without selected rows, a part whose last
/// row is dropped (its trailing copies must not spill into the next part's slice), all rows,
/// and no rows.
@Suite struct ModelRowsTests {
    func check(_ mask: [Bool]) {
        let values = mask.indices.map { Double($0) * 0.5 - 3 }
        let codes = mask.indices.map { Int32($0 % 977) - 1 }
        let rows = ModelRows(mask)
        let expected = mask.indices.filter { mask[$0] }
        #expect(rows.count == expected.count)
        #expect(rows.gather(values) == expected.map { values[$0] })
        #expect(rows.gather(codes) == expected.map { codes[$0] })
        // The key sum from the same pass: wrapping, over the selected rows only.
        let keys = mask.indices.map { UInt32(truncatingIfNeeded: $0 &* 2_246_822_519) | 0x8000_0000 }
        let keyed = ModelRows(mask, keys: keys)
        #expect(keyed.count == expected.count)
        #expect(keyed.keySum == expected.reduce(UInt64(0)) { $0 &+ UInt64(keys[$1]) })
        #expect(keyed.gather(values) == expected.map { values[$0] })
        #expect(rows.keySum == 0)
    }

    @Test func gatherEqualsFilter() {
        let n = 3 * ModelRows.parallelRows + 12_345   // several parts
        check((0..<n).map { ($0 &* 2_654_435_761) % 7 < 4 })            // scattered
        check((0..<n).map { $0 < n / 3 || $0 % 5 == 0 && $0 > n / 2 })   // a run of empty parts' worth
        check((0..<n).map { $0 % 16_384 != 16_383 })                      // last row of many parts dropped
        check([Bool](repeating: true, count: n))
        check([Bool](repeating: false, count: n))
        check([true, false, true])                                      // one part
    }
}
