import Foundation

/// Query-set auditing: the disclosure layer's memory of the exact unit sets behind every
/// released statistic of a session (one `kohort run` process, or one TUI session).
///
/// Why: a released statistic that is not a perturbed count — a mean, a percentile, a
/// regression coefficient, a correlation — is exact on its sample. Two of them on samples that
/// differ by one person can be subtracted to give that person's value (the mean of n + 1
/// values times n + 1 minus the mean of n values times n). The minimum rules cannot stop that
/// on their own: `keep if x > t1` and `keep if x > t2` each change many units, a complete-case
/// sample loses one person when a regressor is missing for that person, and an `if`
/// condition can leave one out. So every non-count release records its sample here, and a
/// release whose sample differs from an earlier one by 1 … (minimum_sample_difference − 1)
/// units (multiset symmetric difference) is refused. Zero difference (the same sample again)
/// and large differences are allowed: the first gains nothing, the second dilutes any one
/// unit among many. This is the "query-set overlap" control of the statistical-database
/// literature (Dobkin, Jones & Lipton 1979; Hundepool et al., *Statistical Disclosure
/// Control*, 2012, ch. 6 on data access: remote access and output checking).
///
/// Counts are not audited: the cell key method already makes their differences noisy, and a
/// refusal on counts would hand out an exact "is this person in that set" answer that the
/// noisy counts do not give.
///
/// A reference type on purpose: the engine is copied (copy-on-write workspaces, scratch
/// engines for attrition), and every copy must share one memory. Thread-safe with a lock.
/// The audit lives as long as the process; a real deployment must keep it per researcher on
/// the server, across sessions (README, Privacy and disclosure control).
public final class QueryAudit: @unchecked Sendable {
    private let lock = NSLock()
    /// Released samples by unit type, without duplicates, each with the result it was
    /// released for ("line 12: summarize lønn") so a refusal can say which one it collides with.
    private var samples: [String: [(sample: UnitSample, origin: String)]] = [:]

    public init() {}

    /// Number of distinct samples remembered, and their bytes (for tests and the docs).
    var footprint: (samples: Int, bytes: Int) {
        lock.lock(); defer { lock.unlock() }
        let all = samples.values.joined()
        return (all.count, all.reduce(0) { $0 + $1.sample.bytes })
    }

    /// Checks `candidates` (the samples of one command's statistics) against every sample
    /// released before and against each other; records them all only if none is refused, so a
    /// refused command leaves the audit as it was.
    func admit(_ candidates: [UnitSample], limit: Int, origin: String = "") throws(DisclosureRefusal) {
        guard limit > 1, !candidates.isEmpty else { return }
        lock.lock(); defer { lock.unlock() }
        var accepted: [(sample: UnitSample, origin: String)] = []
        for s in candidates {
            let known = (samples[s.unitType] ?? []) + accepted.filter { $0.sample.unitType == s.unitType }
            var duplicate = false
            for k in known where abs(k.sample.count - s.count) < limit {
                let d = s.difference(k.sample, limit: limit)
                if d == 0 { duplicate = true; break }
                if d < limit {
                    throw DisclosureRefusal.minimumSampleDifference(limit, earlier: k.origin == origin ? "another statistic of this command" : k.origin)
                }
            }
            if !duplicate { accepted.append((s, origin)) }
        }
        for a in accepted { samples[a.sample.unitType, default: []].append(a) }
    }
}

extension DisclosureRefusal {
    /// Names the colliding result (its line and command, or "another statistic of this
    /// command") so the researcher can align the samples — typically with an `if` qualifier
    /// that drops the few units with a missing value in one of the variables. It never says
    /// by how many units the samples differ.
    static func minimumSampleDifference(_ limit: Int, earlier: String = "") -> DisclosureRefusal {
        let which = earlier.isEmpty ? "an earlier result of this session" : earlier
        return DisclosureRefusal(rule: "minimum_sample_difference",
            message: "refused (rule minimum_sample_difference): the units behind this result differ from those behind \(which) by fewer than \(limit) units; comparing the two could reveal those units. Use exactly the same sample as before (e.g. an if qualifier that leaves out units missing in any of the variables), or one that differs by at least \(limit) units")
    }
}

extension Protection {
    static func sampleAudit(_ limit: Int) -> Protection {
        Protection(rule: "minimum_sample_difference",
                   detail: "The sample was checked against every earlier result of the session: none differs from it by 1 to \(limit - 1) units.")
    }
}

extension Release {
    /// The audit step of every non-count release: refuses the command when any of its samples
    /// differs from an earlier released sample (or another of its own) by 1 … limit − 1 units;
    /// otherwise records them and lists the check among each result's protections. Messages
    /// (footers, notes) get the protection only when the command released nothing else, as
    /// `anova` and `normaltest` do.
    static func audited(_ results: [ReleasedResult], samples: [UnitSample], audit: QueryAudit,
                        policy: DisclosurePolicy) throws(DisclosureRefusal) -> [ReleasedResult] {
        let limit = policy.minimumSampleDifference
        guard limit > 1, !samples.isEmpty else { return results }
        let origin = results.first.map { "the result of line \($0.line) (\($0.command.trimmingCharacters(in: .whitespaces)))" } ?? ""
        try audit.admit(samples, limit: limit, origin: origin)
        let onlyMessages = results.allSatisfy { if case .message = $0.payload { true } else { false } }
        return results.map { r in
            if case .message = r.payload, !onlyMessages { return r }
            return ReleasedResult(command: r.command, line: r.line, payload: r.payload, protections: r.protections + [.sampleAudit(limit)])
        }
    }
}

/// The samples one analysis command computes on, collected while it runs and handed to
/// `Release.audited` with its results.
final class AuditLog: @unchecked Sendable {
    private(set) var samples: [UnitSample] = []
    func add(_ s: UnitSample) { samples.append(s) }
}
