/// A moment in event time: the streaming service's ISO-8601 timestamps, which carry no zone.
///
/// Stored as microseconds since 1970-01-01T00:00:00 of that same unnamed zone, so arithmetic and
/// ordering are exact. Event time is never mixed with wall time.
public struct EventTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Microseconds since 1970-01-01T00:00:00.
    public var microseconds: Int64

    /// Creates a time from microseconds since 1970-01-01T00:00:00.
    public init(microseconds: Int64) {
        self.microseconds = microseconds
    }

    /// Creates a time from calendar fields, or `nil` when a field is out of range (e.g. 31 April).
    public init?(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, microsecond: Int = 0) {
        guard (1...9999).contains(year), (1...12).contains(month), (1...CivilCalendar.daysIn(month: month, year: year)).contains(day),
            (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second), (0...999_999).contains(microsecond)
        else { return nil }
        let days = CivilCalendar.daysSinceEpoch(year: year, month: month, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        self.microseconds = seconds * 1_000_000 + Int64(microsecond)
    }

    /// The time `seconds` later (earlier when negative).
    public func adding(seconds: Double) -> EventTime {
        EventTime(microseconds: microseconds + Int64((seconds * 1_000_000).rounded()))
    }

    /// Seconds from `self` to `other`.
    public func seconds(to other: EventTime) -> Double {
        Double(other.microseconds - microseconds) / 1_000_000
    }

    /// The calendar fields of this time.
    public var components: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, microsecond: Int) {
        let (seconds, micro) = microseconds.quotientAndRemainder(dividingBy: 1_000_000)
        var totalSeconds = seconds
        var microsecond = micro
        if microsecond < 0 {
            microsecond += 1_000_000
            totalSeconds -= 1
        }
        var days = totalSeconds / 86_400
        var secondOfDay = totalSeconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        let (year, month, day) = CivilCalendar.civil(fromDaysSinceEpoch: Int(days))
        let s = Int(secondOfDay)
        return (year, month, day, s / 3600, (s / 60) % 60, s % 60, Int(microsecond))
    }

    /// The ISO-8601 text used in the event log: `2022-09-14T10:03:21`, with `.ffffff` when there are microseconds.
    public var iso8601: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(26)
        appendISO8601(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the ISO-8601 text of this time to `bytes`.
    public func appendISO8601(to bytes: inout [UInt8]) {
        let c = components
        func digits(_ value: Int, _ count: Int) {
            var divisor = 1
            for _ in 1..<count { divisor *= 10 }
            guard value >= 0, value < divisor * 10 else {  // years before 0 or after 9999: no padding, never a crash
                bytes.append(contentsOf: String(value).utf8)
                return
            }
            var rest = value
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor))
                rest %= divisor
                divisor /= 10
            }
        }
        digits(c.year, 4)
        bytes.append(UInt8(ascii: "-"))
        digits(c.month, 2)
        bytes.append(UInt8(ascii: "-"))
        digits(c.day, 2)
        bytes.append(UInt8(ascii: "T"))
        digits(c.hour, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(c.minute, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(c.second, 2)
        if c.microsecond != 0 {
            bytes.append(UInt8(ascii: "."))
            digits(c.microsecond, 6)
        }
    }

    public static func < (lhs: EventTime, rhs: EventTime) -> Bool { lhs.microseconds < rhs.microseconds }

    public var description: String { iso8601 }
}

/// Proleptic Gregorian calendar arithmetic (Howard Hinnant's days-from-civil algorithms).
enum CivilCalendar {
    static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(fromDaysSinceEpoch days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}
