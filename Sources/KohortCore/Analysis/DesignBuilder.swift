import Foundation
import Statistics

/// Expands model terms in Stata's factor notation into design columns over the selected rows:
/// `x` and `c.x` as they are; `i.x` as one 0/1 dummy per level but the base (the lowest, or
/// `ib<n>.`'s n), named `2.x`; `a#b` as the products of its factors' pieces (plain factors
/// inside `#` are categorical, as Stata); `a##b` as every sub-interaction (a, b, a#b).
/// A continuous column over all rows selected is the engine's own array (no copy).
struct DesignBuilder {
    let context: AnalysisContext
    let rows: ModelRows
    /// Whether continuous columns are gathered over the selected rows (the default). When
    /// false they are the engine's full columns, uncopied, for an estimator that takes the
    /// mask itself (classical `regress`); factor terms always gather.
    var gathers = true
    var mask: [Bool] { rows.mask }
    var n: Int { rows.count }
    private var categoricals: [String: (cat: Categorical, codes: [Int32], levels: [Int])] = [:]

    init(_ c: AnalysisContext, mask: [Bool]) {
        self.init(c, rows: ModelRows(mask))
    }

    init(_ c: AnalysisContext, rows: ModelRows) {
        context = c
        self.rows = rows
    }

    struct Design {
        var columns: [[Double]] = []
        var names: [String] = []
        /// Units at 1 and at 0 of every pure dummy (for the minimum_category_units rule).
        var categoryCounts: [RawCategoryCount] = []
        /// Indices of 0/1 dummy columns (for discrete marginal effects).
        var dummies: Set<Int> = []
        /// Rows of the selected sample, so a constant-only model (`regress y`) has a design.
        var rows: Int?
        func matrix() throws -> DesignMatrix { try DesignMatrix(columns: columns, names: names, rows: rows) }
    }

    /// One column of a variable over the selected rows.
    func column(_ name: String) throws -> [Double] {
        let all = try context.numbers(name)
        return gathers ? rows.gather(all) : all
    }

    mutating func levels(_ name: String) throws -> (cat: Categorical, codes: [Int32], levels: [Int]) {
        if let hit = categoricals[name] { return hit }
        let cat = try context.categorical(name)
        let codes = rows.gather(cat.codes)
        var size = [Int](repeating: 0, count: cat.count)
        for k in codes where k >= 0 { size[Int(k)] += 1 }
        let entry = (cat, codes, size.indices.filter { size[$0] > 0 })
        categoricals[name] = entry
        return entry
    }

    /// A continuous factor's design name: `c.x` when written so, else `x`.
    static func continuousName(_ f: ScriptFactor) -> String { f.role == .continuous ? "c.\(f.name)" : f.name }

    /// The pieces one factor contributes: (name fragment, column, is dummy).
    mutating func pieces(_ f: ScriptFactor, categorical: Bool) throws -> [(String, [Double], Bool)] {
        guard categorical else {
            return [(Self.continuousName(f), try column(f.name), false)]
        }
        let (cat, codes, levels) = try levels(f.name)
        // Each level's units are the group a dummy's coefficient (or the constant) describes.
        context.audit(groups: codes, of: mask)
        guard levels.count >= 2 else {
            throw context.error("'\(f.name)' takes only one value in the data used; it cannot be a factor")
        }
        var base = levels[0]
        if case .categorical(let b?) = f.role {
            guard let k = levels.first(where: { cat.labels[$0] == String(b) }) else {
                throw context.error("ib\(b).\(f.name): \(f.name) has no category \(b)")
            }
            base = k
        }
        if levels.count > 500 { throw context.error("i.\(f.name) would make more than 500 dummies; recode it into fewer categories") }
        return levels.filter { $0 != base }.map { k in
            let code = Int32(k)
            return ("\(cat.labels[k]).\(f.name)", codes.map { $0 == code ? 1.0 : 0.0 }, true)
        }
    }

    mutating func add(_ terms: [ScriptTerm], to design: inout Design) throws {
        for term in terms {
            try Cancellation.check() // building a model's design is its slow phase: check per term
            let subsets: [[ScriptFactor]]
            switch term.interaction {
            case .none, .interaction: subsets = [term.factors]
            case .factorial:
                let f = term.factors
                subsets = (1..<(1 << f.count)).map { m in f.indices.filter { m & (1 << $0) != 0 }.map { f[$0] } }
                    .sorted { $0.count < $1.count }
            }
            for factors in subsets {
                var combined: [(String, [Double], Bool)] = [("", [], true)]
                for f in factors {
                    let isCategorical: Bool
                    switch f.role {
                    case .categorical: isCategorical = true
                    case .continuous: isCategorical = false
                    case .plain: isCategorical = term.interaction != .none
                    }
                    let p = try pieces(f, categorical: isCategorical)
                    combined = combined.flatMap { a in
                        p.map { b in
                            (a.0.isEmpty ? b.0 : a.0 + "#" + b.0,
                             a.1.isEmpty ? b.1 : zip(a.1, b.1).map { $0 * $1 },
                             a.2 && b.2)
                        }
                    }
                }
                for (name, col, dummy) in combined where !design.names.contains(name) {
                    if dummy {
                        let ones = col.reduce(0) { $0 + ($1 != 0 ? 1 : 0) }
                        design.categoryCounts.append(RawCategoryCount(variable: name, category: "1", count: ones))
                        design.categoryCounts.append(RawCategoryCount(variable: name, category: "0", count: n - ones))
                        design.dummies.insert(design.columns.count)
                    }
                    design.columns.append(col)
                    design.names.append(name)
                }
            }
        }
    }

    /// Cluster codes (dense) over the selected rows.
    mutating func clusters(_ name: String) throws -> [Int32] {
        let (_, codes, levels) = try levels(name)
        var remap = [Int32](repeating: -1, count: (levels.last ?? 0) + 1)
        for (k, l) in levels.enumerated() { remap[l] = Int32(k) }
        return codes.map { remap[Int($0)] }
    }
}
