import Foundation
import MarqueeCore

/// The hyperparameter values a model search may try for one model kind: one range per key, sampled at random.
///
/// Values are text, as ``ModelKinds/trainer(kind:parameters:)`` takes them. A sample depends only on the seed and
/// the trial number, never on earlier trials or on time, so a search is reproducible for a seed.
public struct SearchSpace: Hashable, Sendable {
    /// The values one hyperparameter may take.
    public enum Values: Hashable, Sendable {
        /// One of these texts, each equally likely.
        case choice([String])
        /// A number whose logarithm is uniform over the range (for scales such as regularisation), written with three
        /// significant digits.
        case logUniform(ClosedRange<Double>)
    }

    /// One hyperparameter and its values.
    public struct Dimension: Hashable, Sendable {
        /// The hyperparameter's key, as ``ModelKinds/parameters(of:)`` names it, e.g. `regularization`.
        public var key: String
        /// What it may take.
        public var values: Values

        /// Creates a dimension.
        public init(_ key: String, _ values: Values) {
            self.key = key
            self.values = values
        }
    }

    /// The hyperparameters searched, in the order they are sampled.
    public var dimensions: [Dimension]

    /// Creates a space.
    public init(_ dimensions: [Dimension]) {
        self.dimensions = dimensions
    }

    /// The keys searched, in order.
    public var keys: [String] { dimensions.map(\.key) }

    /// Trial `trial`'s values for every dimension; the same `seed` and `trial` always give the same values.
    public func sample(seed: UInt64, trial: Int) -> [String: String] {
        // One generator per trial, so trial n's values do not depend on how many trials ran before it. Its seed is a
        // hash of (seed, trial) through SplitMix64's output function: seeding with `seed ^ trial × constant` directly
        // correlated the trials' streams (seed 42 drew iterations 10 in 18 of its first 19 trials).
        var seeding = SplitMix64(seed: seed)
        var hashing = SplitMix64(seed: seeding.next() ^ UInt64(truncatingIfNeeded: trial))
        var random = SplitMix64(seed: hashing.next())
        var values: [String: String] = [:]
        for dimension in dimensions {
            switch dimension.values {
            case .choice(let options):
                guard !options.isEmpty else { continue }
                values[dimension.key] = options[random.nextIndex(below: options.count)]
            case .logUniform(let range):
                let unit = Double(random.next() >> 11) * 0x1.0p-53
                let lower = log(max(range.lowerBound, .leastNormalMagnitude))
                let upper = log(max(range.upperBound, .leastNormalMagnitude))
                let value = min(range.upperBound, max(range.lowerBound, exp(lower + unit * (upper - lower))))
                values[dimension.key] = String(format: "%.3g", value)
            }
        }
        return values
    }

    /// A one-line description, e.g. `factors {8, 16} · regularization log-uniform [0.01, 100]`.
    public var summary: String {
        dimensions.map { dimension in
            switch dimension.values {
            case .choice(let options): "\(dimension.key) {\(options.joined(separator: ", "))}"
            case .logUniform(let range): "\(dimension.key) log-uniform [\(range.lowerBound.compactText), \(range.upperBound.compactText)]"
            }
        }.joined(separator: " · ")
    }
}

extension Double {
    fileprivate var compactText: String { String(format: "%g", self) }
}
