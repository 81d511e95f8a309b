/// A register (data provider) and the datastore that serves it.
public struct Register: Sendable, Equatable {
    public let datastore: String
    public let name: String
    public let description: String
}

/// The whole variable catalogue: every register's variables and the code lists they use.
/// Immutable after loading, so panes and background workers can share it freely.
public struct Catalogue: Sendable {
    public let registers: [Register]
    public let variables: [CatalogueVariable]
    public let codeLists: [String: CodeList]
    private let indexByName: [String: Int]
    private let indicesByTechnicalName: [String: [Int]]

    public init(registers: [Register], variables: [CatalogueVariable], codeLists: [String: CodeList]) {
        self.registers = registers
        self.variables = variables
        self.codeLists = codeLists
        var byName: [String: Int] = [:]
        var byTech: [String: [Int]] = [:]
        for (i, v) in variables.enumerated() {
            // A name may exist in an imported store too; a bare name finds the first (built-in)
            // one and `DATASTORE/NAME` finds the other.
            if byName[v.name.uppercased()] == nil { byName[v.name.uppercased()] = i }
            byName["\(v.datastore.uppercased())/\(v.name.uppercased())"] = i
            byTech[v.technicalName.lowercased(), default: []].append(i)
        }
        indexByName = byName
        indicesByTechnicalName = byTech
    }

    /// Finds a variable by its name (case-insensitive) or, failing that, its technical name.
    /// An unknown name suggests the nearest one.
    public func variable(named name: String) throws -> CatalogueVariable {
        if let i = indexByName[name.uppercased()] { return variables[i] }
        if let hits = indicesByTechnicalName[name.lowercased()] {
            if hits.count == 1 { return variables[hits[0]] }
            throw CatalogueError.ambiguousTechnicalName(name: name, candidates: hits.map { variables[$0].name })
        }
        let candidates = variables.map(\.name) + variables.map(\.technicalName)
        throw CatalogueError.unknownVariable(name: name, suggestion: nearestName(to: name, in: candidates))
    }

    public func codeList(for variable: CatalogueVariable) -> CodeList? {
        variable.codeListName.flatMap { codeLists[$0] }
    }

    public func register(forDatastore datastore: String) -> Register? {
        registers.first { $0.datastore == datastore }
    }

    /// Data products per register with their variable counts, in the order the assets list them
    /// (the order the seed's tree shows).
    public func productTree() -> [(register: Register, total: Int, products: [(name: String, count: Int)])] {
        registers.map { register in
            var order: [String] = []
            var counts: [String: Int] = [:]
            for v in variables where v.datastore == register.datastore {
                if counts[v.product] == nil { order.append(v.product) }
                counts[v.product, default: 0] += 1
            }
            let products = order.map { (name: $0, count: counts[$0]!) }
            return (register, products.reduce(0) { $0 + $1.count }, products)
        }
    }
}
