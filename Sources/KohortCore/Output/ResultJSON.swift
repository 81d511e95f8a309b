import Foundation

/// One JSON object per released result (`kohort run --json`, docs/json-output.md). Every
/// object has `command`, `line`, `kind` and `protections`.
public enum ResultJSON {
    public static func object(_ result: ReleasedResult) -> [String: Any] {
        var object: [String: Any] = [
            "command": result.command,
            "line": result.line,
            "protections": result.protections.map(\.rule),
        ]
        switch result.payload {
        case .message(let message):
            object["kind"] = "message"
            object["text"] = message.text
        }
        return object
    }

    /// A script error as a JSON object (`kind: error`).
    public static func error(line: Int, column: Int, message: String, command: String) -> [String: Any] {
        ["kind": "error", "line": line, "column": column, "message": message, "command": command, "protections": [String]()]
    }

    /// One line of JSON with sorted keys.
    public static func line(_ object: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
