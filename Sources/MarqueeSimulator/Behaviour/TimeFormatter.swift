import MarqueeCore

/// Formats event times as the log's ISO-8601 text quickly, caching the date part of the current day.
///
/// Produces exactly the bytes of ``EventTime/appendISO8601(to:)``.
struct TimeFormatter {
    private var cachedDay: Int64 = .min
    private var datePrefix: [UInt8] = []

    /// Appends `time` (µs since 1970) as `YYYY-MM-DDTHH:MM:SS[.ffffff]`.
    @inline(__always)
    mutating func append(_ time: Int64, to bytes: inout [UInt8]) {
        guard time >= 0 else {
            EventTime(microseconds: time).appendISO8601(to: &bytes)
            return
        }
        let day = time / 86_400_000_000
        if day != cachedDay {
            cachedDay = day
            datePrefix.removeAll(keepingCapacity: true)
            EventTime(microseconds: day * 86_400_000_000).appendISO8601(to: &datePrefix)
            datePrefix.removeLast(8)  // "00:00:00"
        }
        bytes.append(contentsOf: datePrefix)
        let withinDay = time - day * 86_400_000_000
        let second = Int(withinDay / 1_000_000)
        let micro = Int(withinDay % 1_000_000)
        Self.twoDigits(second / 3600, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        Self.twoDigits((second / 60) % 60, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        Self.twoDigits(second % 60, to: &bytes)
        if micro != 0 {
            bytes.append(UInt8(ascii: "."))
            var divisor = 100_000
            var rest = micro
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest / divisor))
                rest %= divisor
                divisor /= 10
            }
        }
    }

    @inline(__always)
    static func twoDigits(_ value: Int, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value / 10))
        bytes.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value % 10))
    }

    /// Appends a non-negative decimal integer.
    @inline(__always)
    static func append(_ value: Int, to bytes: inout [UInt8]) {
        if value < 0 {
            bytes.append(contentsOf: String(value).utf8)
            return
        }
        var divisor = 1
        while divisor <= value / 10 { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }
}
