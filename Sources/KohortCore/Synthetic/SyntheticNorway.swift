import Foundation

/// Synthetic Norway: the person skeleton, made eagerly, and every other component made the
/// first time it is asked for, then kept. This is the object the store and the engine hold.
///
/// Components are pure functions of the config (and of each other), so the order in which they
/// are requested never changes their values. Thread-safe: a recursive lock guards the lazy
/// slots (components may request other components while being built).
public final class SyntheticNorway: @unchecked Sendable {
    public let config: SyntheticConfig
    public let skeleton: PersonSkeleton
    private let lock = NSRecursiveLock()
    private var cancerSlot: CancerCases?
    private var deathSlot: [Int32]?
    private var familySlot: FamilyLinks?
    private var educationSlot: Education?
    private var incomeSlot: IncomePanel?
    private var residenceSlot: ResidenceHistory?

    public init(config: SyntheticConfig = SyntheticConfig()) {
        self.config = config
        self.skeleton = PersonSkeleton(config: config)
    }

    private func cached<T>(_ slot: ReferenceWritableKeyPath<SyntheticNorway, T?>, _ make: () -> T) -> T {
        lock.lock(); defer { lock.unlock() }
        if let v = self[keyPath: slot] { return v }
        let v = make()
        self[keyPath: slot] = v
        return v
    }

    /// Cancer Registry cases (KRG_KREFTTILFELLE).
    public var cancer: CancerCases { cached(\.cancerSlot) { CancerCases(skeleton: skeleton) } }

    /// Final death dates per person: background mortality or a registered cancer death.
    public var deathDate: [Int32] { cached(\.deathSlot) { cancer.deathDate(skeleton: skeleton) } }

    /// Mother, father, spouse and marital status.
    public var family: FamilyLinks { cached(\.familySlot) { FamilyLinks(skeleton: skeleton, deathDate: deathDate) } }

    /// Highest completed education (NUS level and code) and the age it was completed.
    public var education: Education { cached(\.educationSlot) { Education(skeleton: skeleton) } }

    /// Yearly wage income, net wealth and the wage model's person effects.
    public var income: IncomePanel {
        cached(\.incomeSlot) { IncomePanel(skeleton: skeleton, deathDate: deathDate, education: education, family: family) }
    }

    /// Residence spells by municipality.
    public var residence: ResidenceHistory {
        cached(\.residenceSlot) { ResidenceHistory(skeleton: skeleton, deathDate: deathDate) }
    }

    /// Monthly jobs 2015–2025 (generated per month on request; nothing is cached).
    public var jobs: MonthlyJobs { MonthlyJobs(norway: self) }

    /// Is person `i` living in Norway on `date`, counting cancer deaths?
    @inline(__always)
    public func isPresent(_ i: Int, on date: Int32, deathDate d: [Int32]) -> Bool {
        let s = skeleton
        return s.birth[i] <= date && (s.immigration[i] == SynthDay.missing || s.immigration[i] <= date)
            && (d[i] == SynthDay.missing || d[i] > date)
            && (s.emigration[i] == SynthDay.missing || s.emigration[i] > date)
    }
}
