import Foundation
import Testing
@testable import KohortCore

@Suite struct ColumnFileTests {
    @Test func roundTripsEveryElementType() throws {
        let dir = try StoreTestSupport.temporaryDirectory()
        defer { StoreTestSupport.remove(dir) }
        let longs: [Int64] = [0, 1, -1, .max, .min, 10_000_000_000_001]
        let doubles: [Double] = [0, -0.5, 3.25, .greatestFiniteMagnitude, .nan]
        let ints: [Int32] = [EpochDays.missing, 0, -25567, 19_000, .max]
        try ColumnFile.write(longs, to: dir.appendingPathComponent("l.col"))
        try ColumnFile.write(doubles, to: dir.appendingPathComponent("d.col"))
        try ColumnFile.write(ints, to: dir.appendingPathComponent("i.col"))
        try ColumnFile.write([Int64](), to: dir.appendingPathComponent("e.col"))
        #expect(try ColumnFile.open(dir.appendingPathComponent("l.col"), as: Int64.self).toArray() == longs)
        let d = try ColumnFile.open(dir.appendingPathComponent("d.col"), as: Double.self).toArray()
        #expect(d.dropLast() == doubles.dropLast() && d.last!.isNaN)
        #expect(try ColumnFile.open(dir.appendingPathComponent("i.col"), as: Int32.self).toArray() == ints)
        #expect(try ColumnFile.open(dir.appendingPathComponent("e.col"), as: Int64.self).count == 0)
    }

    @Test func stringTableRoundTrips() throws {
        let dir = try StoreTestSupport.temporaryDirectory()
        defer { StoreTestSupport.remove(dir) }
        let url = dir.appendingPathComponent("v.dict")
        let strings = ["", "0", "1", "10", "Kardemommeby", "Ålesund"]
        try StringTable.write(strings, to: url)
        #expect(try StringTable.read(url) == strings)
        try StringTable.write([], to: url)
        #expect(try StringTable.read(url) == [])
    }

    @Test func flippedPayloadByteIsAChecksumError() throws {
        let dir = try StoreTestSupport.temporaryDirectory()
        defer { StoreTestSupport.remove(dir) }
        let url = dir.appendingPathComponent("x.col")
        try ColumnFile.write([Int64](1...100), to: url)
        try StoreTestSupport.flipByte(in: url, at: ColumnFile.headerSize + 17)
        #expect(throws: StoreError.checksumMismatch(path: url.path)) {
            try ColumnFile.open(url, as: Int64.self)
        }
        // The cheap header-only open does not read the payload, by design.
        #expect(try ColumnFile.open(url, as: Int64.self, verification: .header).count == 100)
    }

    @Test func truncatedFileIsASizeError() throws {
        let dir = try StoreTestSupport.temporaryDirectory()
        defer { StoreTestSupport.remove(dir) }
        let url = dir.appendingPathComponent("x.col")
        try ColumnFile.write([Int32](1...10), to: url)
        let data = try Data(contentsOf: url)
        try data.prefix(data.count - 3).write(to: url)
        #expect(throws: StoreError.sizeMismatch(path: url.path, expectedBytes: 72, actualBytes: 69)) {
            try ColumnFile.open(url, as: Int32.self)
        }
        try data.prefix(10).write(to: url)
        #expect(throws: StoreError.sizeMismatch(path: url.path, expectedBytes: 32, actualBytes: 10)) {
            try ColumnFile.open(url, as: Int32.self)
        }
    }

    @Test func wrongVersionMagicAndTypeAreTypedErrors() throws {
        let dir = try StoreTestSupport.temporaryDirectory()
        defer { StoreTestSupport.remove(dir) }
        let url = dir.appendingPathComponent("x.col")
        try ColumnFile.write([Double](repeating: 1.5, count: 4), to: url)
        #expect(throws: StoreError.wrongElementType(path: url.path, found: 2, expected: 1)) {
            try ColumnFile.open(url, as: Int64.self)
        }
        var data = try Data(contentsOf: url)
        data[8] = 9  // format version 9
        try data.write(to: url)
        let error = #expect(throws: StoreError.self) { try ColumnFile.open(url, as: Double.self) }
        #expect(error == .unsupportedVersion(path: url.path, found: 9, supported: ColumnFile.formatVersion))
        #expect(error?.description.contains("version 9") == true)
        data[0] = UInt8(ascii: "X")
        try data.write(to: url)
        #expect(throws: StoreError.badMagic(path: url.path)) { try ColumnFile.open(url, as: Double.self) }
    }

    @Test func missingFileIsATypedError() {
        #expect(throws: StoreError.missingFile(path: "/nonexistent/kohort/x.col")) {
            try ColumnFile.open(URL(fileURLWithPath: "/nonexistent/kohort/x.col"), as: Int64.self)
        }
    }

    @Test func epochDaysAreExact() {
        #expect(EpochDays.parse("1970-01-01") == 0)
        #expect(EpochDays.parse("1900-01-01") == -25567)
        #expect(EpochDays.parse("2000-02-29") == 11_016)
        #expect(EpochDays.parse("1900-02-29") == nil)
        #expect(EpochDays.parse("2021-13-01") == nil)
        #expect(EpochDays.parse("2021-1-01") == nil)
        #expect(EpochDays.format(11_016) == "2000-02-29")
        for d in stride(from: Int32(-719_000), to: 2_900_000, by: 997) {
            #expect(EpochDays.parse(EpochDays.format(d)) == d)
        }
    }
}
