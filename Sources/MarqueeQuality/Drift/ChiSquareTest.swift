import Foundation

/// Pearson's chi-square test of homogeneity of two samples over the same categories: is the difference between the
/// two distributions more than sampling noise?
public struct ChiSquareTest: Hashable, Sendable, Codable {
    /// The statistic `Σ (observed − expected)² / expected` over the 2 × k table.
    public let statistic: Double
    /// `k − 1`, for the categories seen in either sample.
    public let degreesOfFreedom: Int
    /// The probability of a statistic at least this large when both samples come from one distribution, by the
    /// Wilson–Hilferty normal approximation of the chi-square law (close for 3 or more degrees of freedom).
    public let pValue: Double

    /// Tests `recent` counts against `reference` counts; `nil` when a sample is empty or there is one category.
    public init?<Category: Hashable>(reference: [Category: Int], recent: [Category: Int]) {
        let categories = Array(Set(reference.keys).union(recent.keys))
        let referenceTotal = Double(reference.values.reduce(0, +))
        let recentTotal = Double(recent.values.reduce(0, +))
        guard referenceTotal > 0, recentTotal > 0, categories.count > 1 else { return nil }
        let total = referenceTotal + recentTotal
        var statistic = 0.0
        for category in categories {
            let observed = (Double(reference[category] ?? 0), Double(recent[category] ?? 0))
            let columnTotal = observed.0 + observed.1
            let expected = (columnTotal * referenceTotal / total, columnTotal * recentTotal / total)
            statistic += (observed.0 - expected.0) * (observed.0 - expected.0) / expected.0
            statistic += (observed.1 - expected.1) * (observed.1 - expected.1) / expected.1
        }
        let k = Double(categories.count - 1)
        let z = (pow(statistic / k, 1.0 / 3.0) - (1 - 2 / (9 * k))) / (2 / (9 * k)).squareRoot()
        self.statistic = statistic
        self.degreesOfFreedom = categories.count - 1
        self.pValue = 0.5 * erfc(z / 2.0.squareRoot())
    }
}
