import Foundation

/// Colours for charts: distinct under common colour blindness (Okabe–Ito, reordered), and status colours.
public enum ChartPalette {
    /// Series colours, in the order they are handed out.
    public static let series = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#7F7F7F", "#F0C419", "#332288", "#882255"]

    /// The colour of the `index`-th series (cycling).
    public static func color(at index: Int) -> String { series[((index % series.count) + series.count) % series.count] }

    /// Colours of good, warning and bad states, and of neutral marks.
    public static let good = "#1a7f37"
    public static let warning = "#b35900"
    public static let bad = "#c62828"
    public static let neutral = "#57606a"
}

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
