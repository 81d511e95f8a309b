import Foundation

/// One cancer site as the Cancer Registry reports it, with what the generator needs to draw
/// cases: 2024 counts by sex, age at diagnosis, stage mix and 5-year relative survival.
public struct CancerSite: Sendable {
    public let name: String
    /// ICD-10 codes drawn for this site, with weights.
    public let icd: [(code: String, weight: Double)]
    public let men2024: Double
    public let women2024: Double
    /// Median age at diagnosis (men, women); the age is normal around it with `ageSD`.
    public let medianAge: (men: Double, women: Double)
    public let ageSD: Double
    /// Stage I, II, III, IV, unknown (stage code 9).
    public let stageMix: [Double]
    /// 5-year relative survival (men, women): the target of the excess-hazard calibration.
    public let survival5y: (men: Double, women: Double)
    /// Excess-hazard ratios of stage I, II, III, IV, unknown relative to stage I.
    public let stageHR: [Double]
    /// Excess-hazard ratio per 10 years of age above the site's median.
    public let ageHRPer10y: Double
    /// Excess-hazard ratio of women vs men, or nil to calibrate each sex to its own survival.
    public let femaleHR: Double?
}

/// The sites and their figures (calibration.md §2; Cancer in Norway 2024 counts). Figures
/// not in calibration.md are marked **unsourced** here and in docs/synthetic-truth.md.
public enum CancerTables {
    /// Generic stage hazard ratios for sites without a stated model (**unsourced**).
    static let genericStageHR: [Double] = [1, 2.5, 6, 25, 5]
    static let genericStage: [Double] = [0.30, 0.25, 0.20, 0.20, 0.05]

    /// Lung: stage-specific 5-year survival I 70.8 %, II 49.3 %, III 22.9 % (sourced) and a
    /// stage IV median survival of ≈ 6 months; the planted stage hazard ratios are the ratios
    /// of −ln(survival): II 2.05, III 4.27, IV 10.2 (≈ 3 % at 5 years).
    public static let lungStageHR: [Double] = [1, 2.05, 4.27, 10.2, 4.27]
    /// Colorectal: planted stage hazard ratios (**unsourced** shape, chosen so stage I–III
    /// survival is ≈ 85–90 % and stage IV ≈ 15 %).
    public static let colorectalStageHR: [Double] = [1, 2.0, 4.0, 20.0, 4.0]

    public static let sites: [CancerSite] = [
        CancerSite(name: "Prostate", icd: [("C61", 1)], men2024: 5_207, women2024: 0,
                   medianAge: (70, 70), ageSD: 8.5, stageMix: [0.35, 0.17, 0.31, 0.09, 0.08],
                   survival5y: (0.959, 0.959), stageHR: genericStageHR, ageHRPer10y: 1.2, femaleHR: nil),
        CancerSite(name: "Breast", icd: [("C50", 1)], men2024: 36, women2024: 4_215,
                   medianAge: (68, 62), ageSD: 13, stageMix: [0.45, 0.38, 0.10, 0.05, 0.02],
                   survival5y: (0.90, 0.928), stageHR: [1, 3, 8, 60, 8], ageHRPer10y: 1.15, femaleHR: nil),
        CancerSite(name: "Colon", icd: [("C18", 1)], men2024: 1_702, women2024: 1_807,
                   medianAge: (74, 70), ageSD: 11, stageMix: [0.18, 0.30, 0.30, 0.20, 0.02],
                   survival5y: (0.698, 0.717), stageHR: colorectalStageHR, ageHRPer10y: 1.25, femaleHR: 0.9),
        CancerSite(name: "Rectum", icd: [("C20", 0.85), ("C19", 0.15)], men2024: 850, women2024: 636,
                   medianAge: (72, 70), ageSD: 11, stageMix: [0.22, 0.25, 0.33, 0.18, 0.02],
                   survival5y: (0.726, 0.753), stageHR: colorectalStageHR, ageHRPer10y: 1.25, femaleHR: 0.9),
        CancerSite(name: "Lung", icd: [("C34", 0.98), ("C33", 0.02)], men2024: 1_700, women2024: 1_735,
                   medianAge: (74, 74), ageSD: 9.5, stageMix: [0.28, 0.08, 0.20, 0.44, 0],
                   survival5y: (0.284, 0.358), stageHR: lungStageHR, ageHRPer10y: 1.2, femaleHR: 0.8),
        CancerSite(name: "Melanoma", icd: [("C43", 1)], men2024: 1_394, women2024: 1_288,
                   medianAge: (67, 67), ageSD: 15, stageMix: [0.70, 0.218, 0.05, 0.02, 0.012],
                   survival5y: (0.919, 0.958), stageHR: genericStageHR, ageHRPer10y: 1.2, femaleHR: nil),
        CancerSite(name: "Non-Hodgkin lymphoma", icd: [("C83", 0.5), ("C82", 0.2), ("C85", 0.2), ("C84", 0.1)],
                   men2024: 628, women2024: 482, medianAge: (70, 70), ageSD: 14,
                   stageMix: [0.25, 0.20, 0.20, 0.35, 0], survival5y: (0.770, 0.821),
                   stageHR: [1, 1.5, 2.5, 4, 2.5], ageHRPer10y: 1.3, femaleHR: nil),
        CancerSite(name: "Hodgkin lymphoma", icd: [("C81", 1)], men2024: 88, women2024: 65,
                   medianAge: (41, 41), ageSD: 18, stageMix: [0.20, 0.40, 0.20, 0.20, 0],
                   survival5y: (0.890, 0.905), stageHR: [1, 1.5, 2.5, 4, 2.5], ageHRPer10y: 1.4, femaleHR: nil),
        CancerSite(name: "Ovary", icd: [("C56", 0.9), ("C57", 0.1)], men2024: 0, women2024: 564,
                   medianAge: (66, 66), ageSD: 12, stageMix: [0.20, 0.10, 0.45, 0.25, 0],
                   survival5y: (0.5, 0.5), stageHR: [1, 2, 6, 10, 6], ageHRPer10y: 1.2, femaleHR: nil),
        CancerSite(name: "Cervix", icd: [("C53", 1)], men2024: 0, women2024: 269,
                   medianAge: (47, 47), ageSD: 15, stageMix: [0.514, 0.131, 0.185, 0.071, 0.084],
                   survival5y: (0.824, 0.824), stageHR: [1, 4, 10, 33, 8], ageHRPer10y: 1.2, femaleHR: nil),
        CancerSite(name: "Pancreas", icd: [("C25", 1)], men2024: 548, women2024: 490,
                   medianAge: (73, 73), ageSD: 10, stageMix: [0.08, 0.10, 0.15, 0.57, 0.10],
                   survival5y: (0.151, 0.154), stageHR: [1, 1.5, 2.5, 4.5, 3.5], ageHRPer10y: 1.15, femaleHR: nil),
        // Counts ≈ 1 000 a year (sourced); the rest of the row is **unsourced**.
        CancerSite(name: "Central nervous system", icd: [("C71", 0.8), ("C70", 0.15), ("C72", 0.05)],
                   men2024: 500, women2024: 500, medianAge: (60, 60), ageSD: 18,
                   stageMix: [0, 0, 0, 0, 1], survival5y: (0.55, 0.6),
                   stageHR: genericStageHR, ageHRPer10y: 1.4, femaleHR: nil),
        CancerSite(name: "Sarcoma", icd: [("C49", 0.9), ("C40", 0.05), ("C41", 0.05)],
                   men2024: 300, women2024: 270, medianAge: (58, 58), ageSD: 20,
                   stageMix: genericStage, survival5y: (0.65, 0.67),
                   stageHR: genericStageHR, ageHRPer10y: 1.2, femaleHR: nil),
        // The sites below are not in calibration.md (**unsourced** counts and survival).
        CancerSite(name: "Bladder", icd: [("C67", 1)], men2024: 1_350, women2024: 450,
                   medianAge: (74, 75), ageSD: 11, stageMix: genericStage, survival5y: (0.78, 0.74),
                   stageHR: genericStageHR, ageHRPer10y: 1.2, femaleHR: nil),
        CancerSite(name: "Kidney", icd: [("C64", 1)], men2024: 620, women2024: 330,
                   medianAge: (67, 68), ageSD: 12, stageMix: genericStage, survival5y: (0.78, 0.79),
                   stageHR: genericStageHR, ageHRPer10y: 1.2, femaleHR: nil),
        CancerSite(name: "Leukaemia", icd: [("C92", 0.4), ("C91", 0.5), ("C93", 0.1)], men2024: 620, women2024: 430,
                   medianAge: (70, 70), ageSD: 17, stageMix: [0, 0, 0, 0, 1], survival5y: (0.65, 0.67),
                   stageHR: genericStageHR, ageHRPer10y: 1.4, femaleHR: nil),
        CancerSite(name: "Stomach", icd: [("C16", 1)], men2024: 280, women2024: 190,
                   medianAge: (72, 73), ageSD: 11, stageMix: genericStage, survival5y: (0.35, 0.36),
                   stageHR: genericStageHR, ageHRPer10y: 1.2, femaleHR: nil),
    ]

    /// All other sites: the remainder up to the 2024 totals (men 20 623, women 18 188).
    public static let otherSite: CancerSite = {
        let men = 20_623 - sites.reduce(0) { $0 + $1.men2024 }
        let women = 18_188 - sites.reduce(0) { $0 + $1.women2024 }
        return CancerSite(name: "Other", icd: [("C15", 0.07), ("C22", 0.08), ("C32", 0.04), ("C73", 0.08),
                                               ("C80", 0.08), ("C90", 0.10), ("C44", 0.25), ("C54", 0.20),
                                               ("C02", 0.05), ("C09", 0.05)],
                          men2024: men, women2024: women, medianAge: (71, 71), ageSD: 13,
                          stageMix: genericStage, survival5y: (0.62, 0.66),
                          stageHR: genericStageHR, ageHRPer10y: 1.2, femaleHR: nil)
    }()

    public static let allSites: [CancerSite] = sites + [otherSite]

    /// ICD-10 codes by dense index (the case column's code values).
    public static let icdCodes: [String] = {
        var seen: [String] = []
        for s in allSites { for c in s.icd where !seen.contains(c.code) { seen.append(c.code) } }
        return seen
    }()

    /// Yearly incidence relative to 2024: +2 % a year (≈ 11 700 cases in 1964, ≈ 20 000 in
    /// 1990, as in the registry's long-run series; trend **unsourced**).
    public static func trend(year: Int) -> Double { PortableMath.exp(0.02 * Double(year - 2024)) }

    /// Stage codes as the registry's summary stage: 1–4, 9 = unknown.
    public static let stageCodes: [String] = ["1", "2", "3", "4", "9"]

    /// Weibull shape of the excess hazard: < 1, so the risk of dying from the cancer is highest
    /// soon after diagnosis (gives lung stage IV a median survival of ≈ 6 months).
    public static let weibullShape = 0.7
}
