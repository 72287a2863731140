/// Counts of latencies, for percentiles without keeping every value: built from store aggregates.
public struct LatencyHistogram: Hashable, Sendable {
    private var counts: [Double: Int] = [:]
    /// Values counted.
    public private(set) var total = 0

    /// An empty histogram.
    public init() {}

    /// Counts `count` observations of `value`; values that are not finite or counts below 1 are ignored.
    public mutating func add(_ value: Double, count: Int = 1) {
        guard value.isFinite, count > 0 else { return }
        counts[value, default: 0] += count
        total += count
    }

    /// Adds every count of `other`.
    public mutating func merge(_ other: LatencyHistogram) {
        for (value, count) in other.counts { add(value, count: count) }
    }

    /// The `p`-quantile (0...1) by nearest rank, as ``ServiceLogSummary/latencyQuantile(_:)`` computes it; `nil` when empty.
    public func quantile(_ p: Double) -> Double? {
        guard total > 0, p.isFinite else { return nil }
        let rank = min(max(Int((p * Double(total)).rounded(.up)), 1), total)
        var seen = 0
        for value in counts.keys.sorted() {
            seen += counts[value] ?? 0
            if seen >= rank { return value }
        }
        return nil
    }
}
