import Foundation

/// A moment in wall-clock time: what the machine's clock says, in microseconds since 1970-01-01T00:00:00Z.
///
/// The service's own time (when an answer was sent, a version promoted, a lease renewed), as opposed to
/// ``EventTime``, the time of the streaming service's log; the two are never mixed. ``now`` is the one place
/// that reads the clock; stores and JSON formats keep the bare ``microseconds``.
public struct WallTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Microseconds since 1970-01-01T00:00:00Z.
    public var microseconds: Int64

    /// Creates a time from microseconds since 1970-01-01T00:00:00Z.
    public init(microseconds: Int64) {
        self.microseconds = microseconds
    }

    /// Creates the time of `date`, truncated to the microsecond.
    public init(date: Date) {
        self.microseconds = Int64(date.timeIntervalSince1970 * 1_000_000)
    }

    /// The current wall-clock time.
    public static var now: WallTime { WallTime(date: Date()) }

    /// Seconds since 1970-01-01T00:00:00Z, with their fraction.
    public var secondsSince1970: Double { Double(microseconds) / 1_000_000 }

    /// The time as a `Date`, for Foundation's formatters and calendars.
    public var date: Date { Date(timeIntervalSince1970: secondsSince1970) }

    /// The time as ISO 8601 text in UTC with milliseconds, e.g. `2026-11-22T10:00:00.000Z`.
    public var iso8601: String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    /// Parses ISO 8601 text with a zone, with or without fractional seconds (`2026-11-22T10:00:00Z`), or returns `nil`.
    public init?(iso8601 text: String) {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) {
            self.init(date: date)
            return
        }
        formatter.formatOptions = [.withInternetDateTime]
        guard let date = formatter.date(from: text) else { return nil }
        self.init(date: date)
    }

    /// The time `duration` after `time`, to the microsecond.
    public static func + (time: WallTime, duration: Duration) -> WallTime {
        WallTime(microseconds: time.microseconds + duration.wholeMicroseconds)
    }

    /// The time `duration` before `time`, to the microsecond.
    public static func - (time: WallTime, duration: Duration) -> WallTime {
        WallTime(microseconds: time.microseconds - duration.wholeMicroseconds)
    }

    public static func < (lhs: WallTime, rhs: WallTime) -> Bool { lhs.microseconds < rhs.microseconds }

    public var description: String { iso8601 }
}
