import Foundation

/// A numeric axis with round tick values: steps of 1, 2, 2.5 or 5 × 10ⁿ, and bounds widened to whole steps.
public struct NumericAxis: Hashable, Sendable {
    /// The axis' lower and upper bounds, multiples of ``step``.
    public let lower: Double
    public let upper: Double
    /// The distance between ticks.
    public let step: Double
    /// The tick values from ``lower`` to ``upper``.
    public let ticks: [Double]

    /// An axis covering the finite `values` with about `count` ticks; NaN and infinities are ignored, no values give
    /// 0...1, and equal values get a range around them.
    /// - Parameter includeZero: whether the axis must reach 0 (for bars, and rates that read best from 0).
    public init(covering values: [Double], count: Int = 5, includeZero: Bool = false) {
        let finite = values.filter(\.isFinite)
        var low = finite.min() ?? 0
        var high = finite.max() ?? 1
        if includeZero {
            low = min(low, 0)
            high = max(high, 0)
        }
        if high - low < max(abs(high), abs(low), 1e-9) * 1e-9 {
            let pad = low == 0 ? 1 : abs(low) * 0.1
            (low, high) = (includeZero && low >= 0 ? 0 : low - pad, high + pad)
        }
        let step = Self.niceStep((high - low) / Double(max(1, count)))
        let lower = (low / step).rounded(.down) * step
        let upper = (high / step).rounded(.up) * step
        self.lower = lower
        self.upper = upper
        self.step = step
        let first = Int((lower / step).rounded())
        let steps = Int(((upper - lower) / step).rounded())
        // Multiples of the step rather than repeated sums, so that errors do not accumulate.
        ticks = (0...max(0, steps)).map { Double(first + $0) * step }
    }

    private init(lower: Double, upper: Double, step: Double, ticks: [Double]) {
        self.lower = lower
        self.upper = upper
        self.step = step
        self.ticks = ticks
    }

    /// The axis cut to `limits` (ticks outside dropped), e.g. a share's axis never above 100 %; unchanged when `nil`
    /// or when the cut would leave fewer than two ticks.
    public func limited(to limits: ClosedRange<Double>?) -> NumericAxis {
        guard let limits else { return self }
        let kept = ticks.filter { limits.contains($0) }
        guard kept.count >= 2, let first = kept.first, let last = kept.last else { return self }
        return NumericAxis(lower: first, upper: last, step: step, ticks: kept)
    }

    /// The smallest of 1, 2, 2.5 or 5 × 10ⁿ at or above `raw` (1 for anything not positive and finite).
    public static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let magnitude = pow(10, floor(log10(raw)))
        for factor in [1.0, 2, 2.5, 5] where factor * magnitude >= raw * (1 - 1e-12) { return factor * magnitude }
        return 10 * magnitude
    }

    /// How many decimals show every tick exactly, e.g. 1 for a step of 0.5, 2 for 0.25.
    public var decimals: Int {
        var decimals = 0
        var scaled = step
        while decimals < 10, abs(scaled - scaled.rounded()) > 1e-9 * max(1, abs(scaled)) {
            scaled *= 10
            decimals += 1
        }
        return decimals
    }
}

/// Ticks of a time axis (seconds since 1970, UTC) at round calendar steps: seconds, minutes, hours, days or weeks.
public struct TimeAxis: Hashable, Sendable {
    /// One tick: its time and its label, e.g. `Nov 3` or `06:00`.
    public struct Tick: Hashable, Sendable {
        public let seconds: Double
        public let label: String
    }

    /// The bounds of the axis, as given.
    public let lower: Double
    public let upper: Double
    /// The distance between ticks in seconds.
    public let step: Double
    public let ticks: [Tick]

    private static let steps: [Double] = [
        1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1_800, 3_600, 2 * 3_600, 3 * 3_600, 6 * 3_600, 12 * 3_600, 86_400, 2 * 86_400, 7 * 86_400,
        14 * 86_400, 28 * 86_400,
    ]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// An axis from `lower` to `upper` (seconds since 1970) with at most `maximumTicks` ticks; an empty or
    /// non-finite range becomes the day around what is finite of it.
    public init(lower: Double, upper: Double, maximumTicks: Int = 8) {
        var low = lower.isFinite ? lower : (upper.isFinite ? upper : 0)
        var high = upper.isFinite ? upper : low
        if high < low { (low, high) = (high, low) }
        if high - low < 1 { (low, high) = (low - 43_200, high + 43_200) }
        self.lower = low
        self.upper = high
        let span = high - low
        let step =
            Self.steps.first { span / $0 <= Double(max(1, maximumTicks - 1)) } ?? (span / Double(max(1, maximumTicks - 1)) / 86_400).rounded(.up)
            * 86_400
        self.step = step
        var ticks: [Tick] = []
        var time = (low / step).rounded(.up) * step
        while time <= high + 1e-6, ticks.count < 1_000 {
            ticks.append(Tick(seconds: time, label: Self.label(time, step: step)))
            time += step
        }
        self.ticks = ticks
    }

    /// `Nov 3` for day steps, `Nov 3 06:00` for the first tick of a day at hour or minute steps, else `06:00`, and
    /// `06:00:05` at steps of seconds.
    static func label(_ seconds: Double, step: Double) -> String {
        let days = Int((seconds / 86_400).rounded(.down))
        let secondOfDay = Int(seconds - Double(days) * 86_400)
        let (_, month, day) = civilDate(daysSince1970: days)
        let date = "\(months[month - 1]) \(day)"
        if step >= 86_400 { return date }
        var time = String(format: "%02d:%02d", secondOfDay / 3_600, secondOfDay % 3_600 / 60)
        if step < 60 { time += String(format: ":%02d", secondOfDay % 60) }
        return secondOfDay < Int(step) ? "\(date) \(time)" : time
    }

    /// `Nov 3 06:00`: the date and time of day, for tooltips.
    static func dateTime(_ seconds: Double) -> String {
        let secondOfDay = Int(seconds - (seconds / 86_400).rounded(.down) * 86_400)
        return label(seconds, step: 86_400) + String(format: " %02d:%02d", secondOfDay / 3_600, secondOfDay % 3_600 / 60)
    }

    /// The proleptic Gregorian date of a day number (days since 1970-01-01), by Howard Hinnant's algorithm.
    static func civilDate(daysSince1970: Int) -> (year: Int, month: Int, day: Int) {
        let z = daysSince1970 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
