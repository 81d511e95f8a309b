/// Ranked, typo-tolerant search over the catalogue, fast enough to run on every keystroke.
///
/// The index keeps a vocabulary of the folded words of every variable (name, technical name,
/// label, description, product) and, per word, the variables and fields it occurs in. A query
/// word is matched against the vocabulary once — exactly, as a prefix (typing in progress), as
/// a part of a compound ("knuter" in "lymfeknuter"), or within one typo — and the postings of
/// the matching words score the variables. Every query word must match somewhere.
public struct SearchIndex: Sendable {
    enum Field: UInt8, CaseIterable {
        case label, name, technicalName, description, product
        var weight: Float {
            switch self {
            case .label: 10
            case .name: 6
            case .technicalName: 6
            case .description: 2
            case .product: 1.5
            }
        }
    }

    struct Posting { let variable: Int32; let field: UInt8 }

    /// Every vocabulary word's scalars, back to back; word i spans wordStarts[i]..<wordStarts[i+1].
    private let scalars: [UInt32]
    private let wordStarts: [Int]
    private let postings: [[Posting]]
    private let foldedLabels: [String]
    private let foldedNames: [String]
    private let sortKeys: [String]
    private let foldedDatastores: [String]
    private let foldedRegisters: [String]
    private let foldedProducts: [String]
    private let foldedCategories: [[String]]
    /// A small tie-breaking prior: person-level and fixed variables are the ones most scripts
    /// import, so among equally good matches (eight variables are labelled "Kjønn") they come first.
    private let prior: [Float]
    public let catalogue: Catalogue

    public init(catalogue: Catalogue) {
        self.catalogue = catalogue
        var ids: [String: Int] = [:]
        var scalars: [UInt32] = []
        var wordStarts: [Int] = [0]
        var postings: [[Posting]] = []
        for (i, v) in catalogue.variables.enumerated() {
            let fields: [(Field, String)] = [(.label, v.label), (.name, v.name), (.technicalName, v.technicalName),
                                             (.description, v.description), (.product, v.product)]
            for (field, text) in fields {
                var words = SearchText.words(text)
                if field == .technicalName || field == .name { words.append(SearchText.fold(text.filter { $0.isLetter || $0.isNumber })) }
                for word in words where !word.isEmpty {
                    let id: Int
                    if let existing = ids[word] { id = existing } else {
                        id = postings.count
                        ids[word] = id
                        scalars.append(contentsOf: word.unicodeScalars.map(\.value))
                        wordStarts.append(scalars.count)
                        postings.append([])
                    }
                    // A word repeated in one field is posted once.
                    if let last = postings[id].last, last.variable == Int32(i), last.field == field.rawValue { continue }
                    postings[id].append(Posting(variable: Int32(i), field: field.rawValue))
                }
            }
        }
        self.scalars = scalars
        self.wordStarts = wordStarts
        self.postings = postings
        foldedLabels = catalogue.variables.map { SearchText.fold($0.label) }
        foldedNames = catalogue.variables.map { SearchText.fold($0.name) }
        sortKeys = catalogue.variables.map { SearchText.collationKey($0.label) }
        foldedDatastores = catalogue.variables.map { SearchText.fold($0.datastore) }
        foldedRegisters = catalogue.variables.map { SearchText.fold($0.register) }
        foldedProducts = catalogue.variables.map { SearchText.fold($0.product) }
        foldedCategories = catalogue.variables.map { $0.categories.map { SearchText.fold($0) } }
        prior = catalogue.variables.map { v in
            (v.unitType == "PERSON" ? 0.2 : 0) + (v.temporality == .fixed ? 0.1 : 0) + (v.availability == .available ? 0.05 : 0)
        }
    }

    public func search(_ query: SearchQuery) -> SearchResult {
        let variables = catalogue.variables
        let count = variables.count
        let queryWords = SearchText.words(query.text).map { $0.unicodeScalars.map(\.value) }
        var total = [Float](repeating: queryWords.isEmpty ? 0 : 0, count: count)
        var alive = [Bool](repeating: true, count: count)

        if !queryWords.isEmpty {
            var best = [Float](repeating: 0, count: count)
            let weights = Field.allCases.map(\.weight)
            for q in queryWords {
                for i in 0..<count { best[i] = 0 }
                q.withUnsafeBufferPointer { qb in
                    scalars.withUnsafeBufferPointer { all in
                        for id in 0..<postings.count {
                            let word = UnsafeBufferPointer(rebasing: all[wordStarts[id]..<wordStarts[id + 1]])
                            let quality = WordMatch.quality(query: qb, word: word)
                            guard quality > 0 else { continue }
                            for p in postings[id] {
                                let s = quality * weights[Int(p.field)]
                                if s > best[Int(p.variable)] { best[Int(p.variable)] = s }
                            }
                        }
                    }
                }
                for i in 0..<count {
                    if best[i] == 0 { alive[i] = false } else { total[i] += best[i] }
                }
            }
            let phrase = SearchText.fold(query.text.trimmedSpaces)
            for i in 0..<count where alive[i] {
                total[i] += prior[i]
                if foldedNames[i] == phrase { total[i] += 50 }
                if foldedLabels[i] == phrase { total[i] += 30 } else if foldedLabels[i].hasPrefix(phrase) { total[i] += 8 }
            }
        }

        let registerKeys = Set(query.registers.map { SearchText.fold($0) })
        let productKeys = Set(query.products.map { SearchText.fold($0) })
        let categoryKeys = Set(query.categories.map { SearchText.fold($0) })
        var registerCounts: [String: Int] = [:]
        var productCounts: [String: Int] = [:]
        var hits: [SearchHit] = []
        for i in 0..<count where alive[i] {
            let v = variables[i]
            if query.releasableOnly && !v.releasable { continue }
            if let day = query.validOn, !v.isValid(on: day) { continue }
            if !query.cancerForms.isEmpty && !v.cancerForms.contains(where: query.cancerForms.contains) { continue }
            if !categoryKeys.isEmpty && !foldedCategories[i].contains(where: categoryKeys.contains) { continue }
            registerCounts[v.datastore, default: 0] += 1
            productCounts[v.product, default: 0] += 1
            if !registerKeys.isEmpty && !registerKeys.contains(foldedDatastores[i]) && !registerKeys.contains(foldedRegisters[i]) { continue }
            if !productKeys.isEmpty && !productKeys.contains(foldedProducts[i]) { continue }
            hits.append(SearchHit(index: i, score: Double(total[i])))
        }
        hits.sort { a, b in
            if a.score != b.score { return a.score > b.score }
            let ka = sortKeys[a.index], kb = sortKeys[b.index]
            return ka != kb ? ka < kb : variables[a.index].name < variables[b.index].name
        }
        return SearchResult(hits: hits, registerCounts: registerCounts, productCounts: productCounts)
    }
}
