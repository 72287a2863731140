/// Byte-level helpers of the codec: fixed tokens, number and time parsing.
extension LogLineCodec {
    typealias Slice = Slice_
    typealias Slice_ = Swift.Slice<UnsafeBufferPointer<UInt8>>

    static let watchPrefix = Array("GET /data/m/".utf8)
    static let ratePrefix = Array("GET /rate/".utf8)
    static let recommendationPrefix = Array("recommendation request ".utf8)
    static let accountRequest = Array("GET /create_account".utf8)
    static let mpgSuffix = Array(".mpg".utf8)
    static let statusSeparator = Array(", status ".utf8)
    static let resultSeparator = Array(", result: ".utf8)
    static let listSeparator = Array(", ".utf8)
    /// How the codec writes a response time's unit; parsing also accepts it without the space (``parseResponseTime(_:)``).
    static let millisecondsSuffix = Array(" ms".utf8)
    static let millisecondsUnit = Array("ms".utf8)

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
    }

    static func text(_ bytes: some Collection<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    static func requireUTF8(_ bytes: UnsafeBufferPointer<UInt8>) throws(LineRejection) {
        guard bytes.contains(where: { $0 >= 0x80 }) else { return }
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: return
            case .error: throw LineRejection(.notUTF8, "invalid UTF-8 near byte \(offset)")
            }
        }
    }

    static func parseMovie(_ bytes: Slice) throws(LineRejection) -> MovieID {
        guard let movie = MovieID(utf8: UnsafeBufferPointer(rebasing: bytes)) else {
            throw LineRejection(.badMovieID, "'\(text(bytes.prefix(80)))' is not a movie slug like the+green+mile+1999")
        }
        return movie
    }

    static func parseMovieList(_ bytes: Slice) throws(LineRejection) -> [MovieID] {
        if bytes.isEmpty { return [] }
        var movies: [MovieID] = []
        movies.reserveCapacity(20)
        var start = bytes.startIndex
        var index = start
        while index <= bytes.endIndex {
            if index == bytes.endIndex || bytes[index] == UInt8(ascii: ",") {
                var itemStart = start
                while itemStart < index, bytes[itemStart] == UInt8(ascii: " ") { itemStart += 1 }
                movies.append(try parseMovie(bytes[itemStart..<index]))
                start = index + 1
            }
            index += 1
        }
        return movies
    }

    /// A non-negative decimal integer of at most `maxDigits` digits, or `nil`.
    static func parseInteger(_ bytes: some Collection<UInt8>, maxDigits: Int) -> Int64? {
        guard !bytes.isEmpty, bytes.count <= maxDigits else { return nil }
        var value: Int64 = 0
        for byte in bytes {
            let digit = byte &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int64(digit)
        }
        return value
    }

    /// A decimal integer with an optional leading `-`, or `nil`.
    static func parseSignedInteger(_ bytes: Slice, maxDigits: Int) -> Int64? {
        if bytes.first == UInt8(ascii: "-") {
            return parseInteger(bytes.dropFirst(), maxDigits: maxDigits).map { -$0 }
        }
        return parseInteger(bytes, maxDigits: maxDigits)
    }

    /// Whether a watch request's tail is a cut-off `<minute>.mpg`: digits followed by a prefix of `.mpg`.
    static func isTruncatedMinute(_ rest: Slice) -> Bool {
        let digits = rest.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        let tail = rest.dropFirst(digits.count)
        return tail.count < mpgSuffix.count && mpgSuffix.starts(with: tail)
    }

    /// `bytes` without the spaces and tabs at its end.
    static func trimmingTrailingWhitespace(_ bytes: Slice) -> Slice {
        var end = bytes.endIndex
        while end > bytes.startIndex, isWhitespace(bytes[end - 1]) { end -= 1 }
        return bytes[bytes.startIndex..<end]
    }

    /// A response time in whole milliseconds: `<digits>` and `ms`, with or without spaces between them and around
    /// them (`131 ms`, `1ms`, ` 1ms`), or `nil`.
    static func parseResponseTime(_ bytes: Slice) -> Int64? {
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, isWhitespace(bytes[start]) { start += 1 }
        while end > start, isWhitespace(bytes[end - 1]) { end -= 1 }
        let field = bytes[start..<end]
        guard field.count > millisecondsUnit.count, field.suffix(millisecondsUnit.count).elementsEqual(millisecondsUnit) else { return nil }
        var digitsEnd = end - millisecondsUnit.count
        while digitsEnd > start, isWhitespace(bytes[digitsEnd - 1]) { digitsEnd -= 1 }
        return parseInteger(bytes[start..<digitsEnd], maxDigits: 9)
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS` with an optional `.f` to `.ffffff` fraction.
    static func parseTime(_ bytes: Slice) -> EventTime? {
        let count = bytes.count
        guard count == 19 || (count >= 21 && count <= 26) else { return nil }
        let base = bytes.startIndex
        func number(_ offset: Int, _ length: Int) -> Int? {
            parseInteger(bytes[(base + offset)..<(base + offset + length)], maxDigits: length).map(Int.init)
        }
        guard bytes[base + 4] == UInt8(ascii: "-"), bytes[base + 7] == UInt8(ascii: "-"), bytes[base + 10] == UInt8(ascii: "T"),
            bytes[base + 13] == UInt8(ascii: ":"), bytes[base + 16] == UInt8(ascii: ":"),
            let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
            let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2)
        else { return nil }
        var microsecond = 0
        if count > 19 {
            guard bytes[base + 19] == UInt8(ascii: "."), let fraction = number(20, count - 20) else { return nil }
            microsecond = fraction
            for _ in 0..<(26 - count) { microsecond *= 10 }
        }
        return EventTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second, microsecond: microsecond)
    }
}

/// Walks a line field by field.
struct ByteCursor {
    private let bytes: LogLineCodec.Slice
    private var position: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes[...]
        self.position = bytes.startIndex
    }

    init(_ bytes: LogLineCodec.Slice) {
        self.bytes = bytes
        self.position = bytes.startIndex
    }

    /// Everything not consumed yet.
    var rest: LogLineCodec.Slice { bytes[position...] }

    /// Consumes `prefix` if the rest starts with it.
    mutating func skip(_ prefix: [UInt8]) -> Bool {
        guard rest.starts(with: prefix) else { return false }
        position += prefix.count
        return true
    }

    /// Consumes and returns the bytes before the next `separator`, and the separator; `nil` if there is none.
    mutating func field(upTo separator: UInt8) -> LogLineCodec.Slice? {
        guard let end = rest.firstIndex(of: separator) else { return nil }
        defer { position = end + 1 }
        return bytes[position..<end]
    }

    /// Consumes and returns the bytes before the next occurrence of `separator`, and the separator.
    mutating func field(upTo separator: [UInt8]) -> LogLineCodec.Slice? {
        var index = position
        let last = bytes.endIndex - separator.count
        while index <= last {
            if bytes[index] == separator[0], bytes[index..<(index + separator.count)].elementsEqual(separator) {
                defer { position = index + separator.count }
                return bytes[position..<index]
            }
            index += 1
        }
        return nil
    }
}
