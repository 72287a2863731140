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
