import Foundation

/// The result of reading one delivery folder: its metadata, every problem found, and — when
/// the importer asked for them and there were no problems — the typed columns in store order.
struct DeliveryReading {
    var name: String
    var metadata: DeliveryMetadata?
    var metadataJSON: Data?
    var problems: [ValidationProblem]
    var columns: VariableColumns?
}

/// Validates microdata-tools deliveries (`NAME/NAME.json` + `NAME/NAME.csv`) as strictly as
/// microdata-tools does; see docs/store-format.md for the rules and where Kohort differs.
public enum MicrodataValidator {
    /// Every problem of one delivery folder; empty means it can be imported.
    public static func validateDelivery(dir: URL) -> [ValidationProblem] {
        read(dir: dir, collectValues: false).problems
    }

    /// Every problem of several deliveries, in the order given.
    public static func validateDeliveries(dirs: [URL]) -> [ValidationProblem] {
        dirs.flatMap { validateDelivery(dir: $0) }
    }

    /// Dataset names as microdata-tools accepts them: upper-case letters, digits, underscore.
    static func isValidDatasetName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }
    }

    static func read(dir: URL, collectValues: Bool) -> DeliveryReading {
        let dir = dir.standardizedFileURL
        let name = dir.lastPathComponent
        var reading = DeliveryReading(name: name, problems: [])
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            reading.problems.append(ValidationProblem(file: name, line: nil, message: "the delivery folder \(dir.path) does not exist."))
            return reading
        }
        guard isValidDatasetName(name) else {
            reading.problems.append(ValidationProblem(file: name, line: nil,
                message: "the dataset name \"\(name)\" may only contain upper-case letters A–Z, digits and underscores."))
            return reading
        }
        let jsonURL = dir.appendingPathComponent("\(name).json")
        let csvURL = dir.appendingPathComponent("\(name).csv")
        let jsonName = "\(name)/\(name).json", csvName = "\(name)/\(name).csv"
        let (metadata, metadataProblems) = MetadataReader.read(jsonURL, displayName: jsonName)
        reading.problems += metadataProblems
        reading.metadata = metadata
        reading.metadataJSON = FileManager.default.contents(atPath: jsonURL.path)
        guard FileIO.exists(csvURL) else {
            reading.problems.append(ValidationProblem(file: csvName, line: nil,
                message: "the data file is missing (expected \(name).csv beside \(name).json)."))
            return reading
        }
        guard let metadata else { return reading }  // Rows cannot be checked without valid metadata.
        let checker = DeliveryDataChecker(metadata: metadata, file: csvName, collectValues: collectValues)
        do {
            try CSVLineReader(url: csvURL).forEachLine { line, number in
                checker.check(line: line, number: number)
            }
        } catch {
            reading.problems.append(ValidationProblem(file: csvName, line: nil, message: "the data file could not be read: \(error)."))
            return reading
        }
        let order = checker.finish()
        reading.problems += checker.problems
        if collectValues, reading.problems.isEmpty {
            reading.columns = checker.takeColumns().permuted(order)
        }
        return reading
    }
}
