import Foundation

/// A declarative expectation about a window of data: a ``DataMetric`` must stay within bounds.
public struct Expectation: Hashable, Sendable, Codable {
    /// What is measured.
    public var metric: DataMetric
    /// The least and most allowed values; `nil` is unbounded.
    public var minimum: Double?
    public var maximum: Double?
    /// Whether failing stops the pipeline from training on the data (otherwise it is a warning).
    public var blocking: Bool
    /// Why the bound is what it is, for the person who adjusts it.
    public var why: String

    /// Creates an expectation.
    public init(metric: DataMetric, minimum: Double? = nil, maximum: Double? = nil, blocking: Bool, why: String) {
        self.metric = metric
        self.minimum = minimum
        self.maximum = maximum
        self.blocking = blocking
        self.why = why
    }

    /// Whether `value` is within the bounds.
    public func admits(_ value: Double) -> Bool {
        guard value.isFinite else { return false }
        if let minimum, value < minimum { return false }
        if let maximum, value > maximum { return false }
        return true
    }

    /// The bounds as text, e.g. `≤ 0.0150` or `≥ 120`.
    public var boundsDescription: String {
        func format(_ value: Double) -> String { metric.isShare ? Self.formatShare(value) : Self.formatVolume(value) }
        switch (minimum, maximum) {
        case (let low?, let high?): return "\(format(low)) – \(format(high))"
        case (let low?, nil): return "≥ \(format(low))"
        case (nil, let high?): return "≤ \(format(high))"
        case (nil, nil): return "any"
        }
    }

    static func formatShare(_ value: Double) -> String { String(format: "%.2f %%", value * 100) }

    static func formatVolume(_ value: Double) -> String { String(Int(value.rounded())) }

    enum CodingKeys: String, CodingKey {
        case metric, blocking, why
        case minimum = "min"
        case maximum = "max"
    }
}
