import MarqueeCore

/// One drift check: a named distribution compared between a reference window and a recent one.
public struct DriftCheck: Hashable, Sendable, Encodable {
    /// What is compared, e.g. `genre mix of watched movies`.
    public var name: String
    /// The population stability index of the recent window against the reference.
    public var psi: Double
    /// The PSI above which the check reports drift.
    public var threshold: Double
    /// The chi-square test of the two windows' counts (for categories): a PSI above the threshold counts only when the
    /// difference is also beyond sampling noise (p below ``alpha``), since small windows over many categories inflate it.
    public var chiSquare: ChiSquareTest?
    /// The Kolmogorov–Smirnov test of the two windows' values (for a numeric quantity), used like ``chiSquare``.
    public var kolmogorovSmirnov: KolmogorovSmirnovTest?
    /// The significance level the chi-square test must reach.
    public var alpha: Double
    /// Observations in each window.
    public var referenceCount: Int
    public var recentCount: Int

    /// Creates a result.
    public init(
        name: String, psi: Double, threshold: Double, chiSquare: ChiSquareTest? = nil, kolmogorovSmirnov: KolmogorovSmirnovTest? = nil,
        alpha: Double = 0.001, referenceCount: Int, recentCount: Int
    ) {
        self.name = name
        self.psi = psi
        self.threshold = threshold
        self.chiSquare = chiSquare
        self.kolmogorovSmirnov = kolmogorovSmirnov
        self.alpha = alpha
        self.referenceCount = referenceCount
        self.recentCount = recentCount
    }

    /// The check's name as a metric label: lowercase words joined by `_`, e.g. `genre_mix_of_watched_movies_women`.
    public var key: String {
        name.lowercased().split { !($0.isLetter || $0.isNumber) }.joined(separator: "_")
    }

    /// The significance test's p-value, when a test could be made.
    public var pValue: Double? { chiSquare?.pValue ?? kolmogorovSmirnov?.pValue }

    /// Whether the recent window has drifted: PSI above the threshold, and significant by the check's test.
    public var drifted: Bool { psi > threshold && (pValue.map { $0 < alpha } ?? false) }

    enum CodingKeys: String, CodingKey {
        case name, psi, threshold, drifted, alpha
        case chiSquare = "chi_square"
        case kolmogorovSmirnov = "kolmogorov_smirnov"
        case referenceCount = "reference_count"
        case recentCount = "recent_count"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(psi, forKey: .psi)
        try container.encode(threshold, forKey: .threshold)
        try container.encode(drifted, forKey: .drifted)
        try container.encodeIfPresent(chiSquare, forKey: .chiSquare)
        try container.encodeIfPresent(kolmogorovSmirnov, forKey: .kolmogorovSmirnov)
        try container.encode(alpha, forKey: .alpha)
        try container.encode(referenceCount, forKey: .referenceCount)
        try container.encode(recentCount, forKey: .recentCount)
    }
}
