// Must NOT compile: code outside KohortCore tries to make released results from raw numbers.
// .ci/compile-fail/check.sh passes only when each construction below is rejected as
// inaccessible (internal initialisers), proving the disclosure boundary is a type.
import KohortCore

let forgedTable = ReleasedTable(dimensions: ["kjønn"], categories: [["1"]], cells: [], totals: [], percentages: [], showsCounts: true, summaryVariable: nil, statisticNames: [], chiSquared: nil, smallCell: 5) // FORGE 1
let forgedResult = ReleasedResult(command: "tabulate kjønn", line: 1, payload: .table(forgedTable), protections: []) // FORGE 2
let forgedMessage = ReleasedMessage(text: "person 123 earns 1 000 000") // FORGE 3
let forgedProtection = Protection(rule: "none", detail: "none") // FORGE 4
print(ResultText.render(forgedResult))
