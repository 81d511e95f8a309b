// Must compile: the legitimate path (raw input → Release → renderer) from outside the module.
// A control, so a wrong module path cannot pass for a rejected forgery.
import KohortCore

let raw = RawTable(dimensions: ["kjønn"], categories: [["1", "2"]], counts: [600, 700], keySums: [12345, 67890])
if let result = try? Release.table(raw, policy: .default, command: "tabulate kjønn", line: 1) {
    print(ResultText.render(result, glyphs: .ascii))
    print(ResultJSON.line(ResultJSON.object(result)))
}
