import Foundation

/// The two-sample Kolmogorov–Smirnov test: do two samples of a numeric quantity come from one distribution?
public struct KolmogorovSmirnovTest: Hashable, Sendable, Codable {
    /// The largest distance between the two empirical distribution functions.
    public let statistic: Double
    /// The probability of a distance at least this large when both samples come from one distribution, by the
    /// asymptotic Kolmogorov distribution with Stephens' small-sample correction.
    public let pValue: Double

    /// Tests `recent` against `reference`; `nil` when a sample is empty.
    public init?(reference: [Double], recent: [Double]) {
        guard !reference.isEmpty, !recent.isEmpty else { return nil }
        let a = reference.sorted()
        let b = recent.sorted()
        var i = 0
        var j = 0
        var distance = 0.0
        while i < a.count, j < b.count {
            let value = min(a[i], b[j])
            while i < a.count, a[i] == value { i += 1 }
            while j < b.count, b[j] == value { j += 1 }
            distance = max(distance, abs(Double(i) / Double(a.count) - Double(j) / Double(b.count)))
        }
        let effective = (Double(a.count) * Double(b.count) / Double(a.count + b.count)).squareRoot()
        statistic = distance
        pValue = Self.kolmogorovTail((effective + 0.12 + 0.11 / effective) * distance)
    }

    /// `Q(λ) = 2 Σ_{k≥1} (−1)^{k−1} exp(−2k²λ²)`, the Kolmogorov distribution's upper tail.
    static func kolmogorovTail(_ lambda: Double) -> Double {
        guard lambda > 0.2 else { return 1 }
        var sum = 0.0
        var sign = 1.0
        for k in 1...100 {
            let term = exp(-2 * Double(k * k) * lambda * lambda)
            sum += sign * term
            if term < 1e-12 { break }
            sign = -sign
        }
        return min(1, max(0, 2 * sum))
    }
}
