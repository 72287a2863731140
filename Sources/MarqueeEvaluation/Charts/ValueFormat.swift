import Foundation

/// How values are written on an axis and in tooltips.
public enum ValueFormat: Hashable, Sendable {
    /// A plain number.
    case number
    /// A share from 0 to 1, written as a percentage.
    case percent
    /// Milliseconds.
    case milliseconds

    /// `value` with `decimals` decimals (for percentages, decimals of the percentage) and its unit.
    public func format(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "n/a" }
        switch self {
        case .number: return String(format: "%.\(decimals)f", value)
        case .percent: return String(format: "%.\(max(0, decimals - 2))f %%", value * 100)
        case .milliseconds: return String(format: "%.\(decimals)f ms", value)
        }
    }
}
