import Testing
@testable import KohortCore

@Suite struct CellKeyTests {
    let table = PerturbationTable.standard
    let key = RecordKey(secret: "test-secret")

    @Test func sipHashMatchesReferenceVectors() {
        // Reference vectors of SipHash-2-4 (key 00…0f; messages of length 0 and 8, bytes 00, 01, …).
        let k0: UInt64 = 0x0706_0504_0302_0100, k1: UInt64 = 0x0f0e_0d0c_0b0a_0908
        #expect(SipHash24.hash([], k0: k0, k1: k1) == 0x726f_db47_dd0e_0e31)
        #expect(SipHash24.hash(Array(0..<8), k0: k0, k1: k1) == 0x93f5_f579_9a93_2462)
        #expect(SipHash24.hash8(0x0706_0504_0302_0100, k0: k0, k1: k1) == 0x93f5_f579_9a93_2462)
        #expect(SipHash24.hash(Array(0..<15), k0: k0, k1: k1) == 0xa129_ca61_49be_45e5)
    }

    @Test func recordKeysAreFixedInRangeAndDependOnTheSecret() {
        #expect(key(42) == key(42))
        #expect(key(42) < RecordKey.modulus)
        #expect(key(42) != RecordKey(secret: "other")(42))
        #expect(key("12345678901") == key("12345678901"))
        // Roughly uniform: the mean of many keys is near N/2.
        let mean = (0..<20_000).map { Double(key(Int64($0))) }.reduce(0, +) / 20_000
        #expect(abs(mean / Double(RecordKey.modulus) - 0.5) < 0.01)
    }

    @Test func sameCellSameNoiseWhicheverWayReached() {
        let units = (1...137).map { Int64($0 * 7919) }
        var forward = CellKeyAccumulator(cells: 1)
        for u in units { forward.add(cell: 0, recordKey: key(u)) }
        // Reversed order, split across two "threads" and merged.
        var a = CellKeyAccumulator(cells: 1), b = CellKeyAccumulator(cells: 1)
        for (i, u) in units.reversed().enumerated() { if i % 2 == 0 { a.add(cell: 0, recordKey: key(u)) } else { b.add(cell: 0, recordKey: key(u)) } }
        a.merge(b)
        #expect(a == forward)
        #expect(table.perturb(count: a.counts[0], keySum: a.keySums[0]) == table.perturb(count: forward.counts[0], keySum: forward.keySums[0]))
    }

    @Test func tableRowsHaveMeanZeroVarianceOneAndBound() {
        for (count, row) in table.rows.enumerated() {
            let mean = Double(row.reduce(0, +)) / 16
            let variance = Double(row.map { $0 * $0 }.reduce(0, +)) / 16 - mean * mean
            #expect(mean == 0)
            #expect(row.allSatisfy { abs($0) <= table.bound })
            if count > 0 {
                #expect(variance == table.variance)
                #expect(row.allSatisfy { count + $0 >= 0 })
            }
            if (1...4).contains(count) { #expect(!row.contains(0), "a count of \(count) is never released exactly") }
        }
    }

    @Test func noiseOverManyCellsHasDocumentedMomentsAndNeverGoesNegative() {
        var sum = 0.0, sumSquares = 0.0, cells = 0
        var unit: Int64 = 0
        for cell in 0..<20_000 {
            let count = 1 + cell % 40
            var acc = CellKeyAccumulator(cells: 1)
            for _ in 0..<count { unit += 1; acc.add(cell: 0, recordKey: key(unit)) }
            let released = table.perturb(count: count, keySum: acc.keySums[0])
            let d = Double(released - count)
            #expect(released >= 0)
            #expect(abs(released - count) <= 2)
            if count < 5 { #expect(released != count) }
            sum += d; sumSquares += d * d; cells += 1
        }
        let mean = sum / Double(cells), variance = sumSquares / Double(cells) - mean * mean
        #expect(abs(mean) < 0.03)
        #expect(abs(variance - 1) < 0.05)
    }

    @Test func zeroCellsStayZero() {
        for k in [0, 1, RecordKey.modulus - 1, 0xdead_beef] as [UInt64] {
            #expect(table.perturb(count: 0, cellKey: k) == 0)
        }
    }
}

extension CellKeyTests {
    @Test func keyColumnMatchesPerUnitKeys() {
        let ids = (0..<200_003).map { Int64($0) * 13 - 500 }
        let column = key.keys(ids)
        #expect(column.count == ids.count)
        for i in stride(from: 0, to: ids.count, by: 997) { #expect(UInt64(column[i]) == key(ids[i])) }
        #expect(key.keys([]).isEmpty)
    }
}
