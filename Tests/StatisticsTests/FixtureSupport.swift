import Foundation
import Testing

/// Reads the committed fixtures (made by Tests/reference/statistics/*): CI has no R or Python.
enum Fixture {
    static func url(_ name: String, _ ext: String) throws -> URL {
        if let u = Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Fixtures") { return u }
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        return here.appendingPathComponent("Fixtures/\(name).\(ext)")
    }

    /// A numeric CSV with a header row; "NA"/empty become NaN. Returns columns by name.
    static func csv(_ name: String) throws -> [String: [Double]] {
        let text = try String(contentsOf: url(name, "csv"), encoding: .utf8)
        var lines = text.split(whereSeparator: \.isNewline).map(String.init)
        let header = lines.removeFirst().split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")) }
        var cols = [[Double]](repeating: [], count: header.count)
        for line in lines where !line.isEmpty {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            for (j, c) in cells.enumerated() {
                let s = c.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
                cols[j].append(Double(s) ?? .nan)
            }
        }
        return Dictionary(uniqueKeysWithValues: zip(header, cols))
    }

    static func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: url(name, "json"))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }
}

extension Dictionary where Key == String, Value == Any {
    func doubles(_ key: String) -> [Double] { (self[key] as! [Any]).map { ($0 as? NSNumber)?.doubleValue ?? .nan } }
    func double(_ key: String) -> Double { (self[key] as! NSNumber).doubleValue }
    func object(_ key: String) -> [String: Any] { self[key] as! [String: Any] }
}

/// |a − b| ≤ tol·max(|b|, floor): relative, with an absolute floor for values near zero.
func close(_ a: Double, _ b: Double, rel: Double, floor: Double = 1e-300) -> Bool {
    abs(a - b) <= rel * max(abs(b), floor)
}

func expectClose(_ a: [Double], _ b: [Double], rel: Double, floor: Double = 1e-300, _ what: String,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(a.count == b.count, "\(what): count \(a.count) vs \(b.count)", sourceLocation: sourceLocation)
    for i in 0..<min(a.count, b.count) {
        #expect(close(a[i], b[i], rel: rel, floor: floor), "\(what)[\(i)]: \(a[i]) vs \(b[i])", sourceLocation: sourceLocation)
    }
}
