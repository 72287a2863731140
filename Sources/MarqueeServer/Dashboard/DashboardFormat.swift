import Foundation
import MarqueeCore

/// Number and time formats shared by the dashboard and the report.
enum DashboardFormat {
    static func percent(_ value: Double?, decimals: Int = 1) -> String {
        guard let value, value.isFinite else { return "n/a" }
        return String(format: "%.\(decimals)f %%", value * 100)
    }

    static func milliseconds(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "n/a" }
        return value < 10 ? String(format: "%.1f ms", value) : String(format: "%.0f ms", value)
    }

    static func number(_ value: Double, decimals: Int = 3) -> String {
        value.isFinite ? String(format: "%.\(decimals)f", value) : "n/a"
    }

    /// A count with thousands separators, e.g. `14,944`.
    static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped += "," }
            grouped.append(digit)
        }
        return (value < 0 ? "-" : "") + grouped
    }

    /// An age such as `42 s`, `17 min`, `5 h` or `3 d`.
    static func age(microseconds: Int64) -> String {
        let seconds = max(0, microseconds / 1_000_000)
        switch seconds {
        case ..<120: return "\(seconds) s"
        case ..<7_200: return "\(seconds / 60) min"
        case ..<172_800: return "\(seconds / 3_600) h"
        default: return "\(seconds / 86_400) d"
        }
    }

    /// A wall-clock time as `2026-11-22 07:31 UTC`.
    static func wallTime(_ time: WallTime) -> String {
        let date = time.date
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d UTC", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0, parts.minute ?? 0)
    }
}
