import Foundation

/// The population stability index of two distributions over the same categories:
/// `PSI = Σ (aᵢ − eᵢ) · ln(aᵢ / eᵢ)`, where `e` is the reference (expected) share and `a` the recent (actual) share
/// of category `i`. It is 0 for identical distributions and grows with the shift; by the usual rule of thumb, below
/// 0.1 is no shift, 0.1–0.25 a moderate one and above 0.25 a large one.
///
/// Shares are smoothed with ``epsilon`` so that a category absent on one side gives a large but finite term.
public enum PopulationStabilityIndex {
    /// The smallest share a category is given.
    public static let epsilon = 1e-4

    /// The PSI of `recent` counts against `reference` counts, per category; categories missing on one side count 0.
    public static func of<Category: Hashable>(reference: [Category: Int], recent: [Category: Int]) -> Double {
        let referenceTotal = Double(reference.values.reduce(0, +))
        let recentTotal = Double(recent.values.reduce(0, +))
        guard referenceTotal > 0, recentTotal > 0 else { return 0 }
        var index = 0.0
        for category in Set(reference.keys).union(recent.keys) {
            let expected = max(epsilon, Double(reference[category] ?? 0) / referenceTotal)
            let actual = max(epsilon, Double(recent[category] ?? 0) / recentTotal)
            index += (actual - expected) * log(actual / expected)
        }
        return index
    }
}
