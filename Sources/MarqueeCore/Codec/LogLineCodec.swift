/// Settings of the log-line codec.
public struct LogLineCodecConfiguration: Hashable, Sendable {
    /// The rating scale; ratings outside it are rejected.
    public var ratingScale: RatingScale
    /// Lines longer than this many bytes are rejected as `too_long`.
    public var maximumLineLength: Int

    /// Creates a configuration.
    public init(ratingScale: RatingScale = .fiveStars, maximumLineLength: Int = 8192) {
        self.ratingScale = ratingScale
        self.maximumLineLength = maximumLineLength
    }
}

/// Parses and formats lines of the streaming service's event log (SPEC.md §1).
///
/// Parsing is strict and total: every input either yields an ``Event`` or throws a ``LineRejection``
/// with a typed reason; it never traps. Formatting an event and parsing the text yields the same event.
public struct LogLineCodec: Sendable {
    /// The codec's settings.
    public let configuration: LogLineCodecConfiguration

    /// Creates a codec.
    public init(configuration: LogLineCodecConfiguration = .init()) {
        self.configuration = configuration
    }

    // MARK: Parsing

    /// Parses one line (without its line terminator; a trailing `\r` is ignored).
    public func parse(_ line: String) throws(LineRejection) -> Event {
        var line = line
        let result = line.withUTF8 { bytes in Result { () throws(LineRejection) in try parse(utf8: bytes) } }
        return try result.get()
    }

    /// Parses one line given as UTF-8 bytes (without its line terminator; a trailing `\r` is ignored).
    public func parse(utf8 line: UnsafeBufferPointer<UInt8>) throws(LineRejection) -> Event {
        var end = line.count
        if end > 0, line[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        guard end <= configuration.maximumLineLength else {
            throw LineRejection(.tooLong, "line has \(end) bytes, the maximum is \(configuration.maximumLineLength)")
        }
        let bytes = UnsafeBufferPointer(rebasing: line[0..<end])
        if bytes.allSatisfy(Self.isWhitespace) { throw LineRejection(.empty, "line is empty") }
        try Self.requireUTF8(bytes)
        var cursor = ByteCursor(bytes)

        guard let timeField = cursor.field(upTo: UInt8(ascii: ",")) else {
            throw LineRejection(.truncated, "expected '<time>,<user>,<request>' but the line has no comma")
        }
        guard let time = Self.parseTime(timeField) else {
            throw LineRejection(.badTimestamp, "'\(Self.text(timeField))' is not an ISO-8601 time like 2022-09-14T10:03:21")
        }
        guard let userField = cursor.field(upTo: UInt8(ascii: ",")) else {
            throw LineRejection(.truncated, "expected '<time>,<user>,<request>' but the line ends after the time")
        }
        guard let userValue = Self.parseInteger(userField, maxDigits: 12), let user = UserID(userValue) else {
            throw LineRejection(.badUserID, "'\(Self.text(userField))' is not a non-negative integer user id")
        }
        let kind = try parseRequest(cursor.rest)
        return Event(time: time, user: user, kind: kind)
    }

    private func parseRequest(_ request: Slice) throws(LineRejection) -> EventKind {
        var cursor = ByteCursor(request)
        if cursor.skip(Self.watchPrefix) {
            return try parseWatch(&cursor)
        }
        if cursor.skip(Self.ratePrefix) {
            return try parseRate(&cursor)
        }
        if cursor.skip(Self.recommendationPrefix) {
            return .recommendation(try parseRecommendation(&cursor))
        }
        if request.elementsEqual(Self.accountRequest) {
            return .accountCreated
        }
        for prefix in [Self.watchPrefix, Self.ratePrefix, Self.recommendationPrefix, Self.accountRequest]
        where request.count < prefix.count && prefix.starts(with: request) {
            throw LineRejection(.truncated, "request '\(Self.text(request))' ends early")
        }
        throw LineRejection(.unknownRequestShape, "request '\(Self.text(request).prefix(80))' is not a watch, rate, recommendation or account line")
    }

    private func parseWatch(_ cursor: inout ByteCursor) throws(LineRejection) -> EventKind {
        guard let movieField = cursor.field(upTo: UInt8(ascii: "/")) else {
            throw LineRejection(.truncated, "watch request ends before '/<minute>.mpg'")
        }
        let movie = try Self.parseMovie(movieField)
        let rest = cursor.rest
        guard rest.count > 4, rest.suffix(4).elementsEqual(Self.mpgSuffix) else {
            if Self.isTruncatedMinute(rest) {
                throw LineRejection(.truncated, "watch request ends before '<minute>.mpg'")
            }
            throw LineRejection(.badMinute, "'\(Self.text(rest))' is not '<minute>.mpg'")
        }
        let minuteField = rest.prefix(rest.count - 4)
        guard let minute = Self.parseInteger(minuteField, maxDigits: 6) else {
            throw LineRejection(.badMinute, "'\(Self.text(minuteField))' is not a non-negative minute")
        }
        return .watch(movie: movie, minute: Int(minute))
    }

    private func parseRate(_ cursor: inout ByteCursor) throws(LineRejection) -> EventKind {
        guard let movieField = cursor.field(upTo: UInt8(ascii: "=")) else {
            throw LineRejection(.truncated, "rate request ends before '=<rating>'")
        }
        let movie = try Self.parseMovie(movieField)
        let ratingField = cursor.rest
        guard !ratingField.isEmpty else { throw LineRejection(.truncated, "rate request has no rating after '='") }
        guard let rating = Self.parseSignedInteger(ratingField, maxDigits: 6) else {
            throw LineRejection(.badRating, "'\(Self.text(ratingField))' is not an integer rating")
        }
        guard configuration.ratingScale.contains(Int(rating)) else {
            throw LineRejection(.ratingOutOfScale, "rating \(rating) is outside the scale \(configuration.ratingScale)")
        }
        return .rate(movie: movie, rating: Int(rating))
    }

    private func parseRecommendation(_ cursor: inout ByteCursor) throws(LineRejection) -> RecommendationRequest {
        guard let serverField = cursor.field(upTo: Self.statusSeparator) else {
            throw LineRejection(.truncated, "recommendation request ends before ', status <code>'")
        }
        guard !serverField.isEmpty, !serverField.contains(UInt8(ascii: " ")) else {
            throw LineRejection(.unknownRequestShape, "recommendation server '\(Self.text(serverField))' is not host:port")
        }
        guard let statusField = cursor.field(upTo: Self.resultSeparator) else {
            throw LineRejection(.truncated, "recommendation request ends before ', result: '")
        }
        guard let status = Self.parseInteger(statusField, maxDigits: 3) else {
            throw LineRejection(.badStatus, "'\(Self.text(statusField))' is not an HTTP status code")
        }
        // The response time follows the last comma: the result itself may contain commas (the movie list, error texts),
        // and real logs write the time as `131 ms`, `1ms` or `,1ms` (SPEC.md §1), so only the last comma is certain.
        let rest = cursor.rest
        guard let split = rest.lastIndex(of: UInt8(ascii: ",")) else {
            throw LineRejection(.truncated, "recommendation request ends before ', <response time> ms'")
        }
        let resultField = Self.trimmingTrailingWhitespace(rest[rest.startIndex..<split])
        let timeField = rest[(split + 1)...]
        guard let milliseconds = Self.parseResponseTime(timeField) else {
            throw LineRejection(.badResponseTime, "'\(Self.text(timeField))' is not a response time like '131 ms' or '1ms'")
        }
        // Any status but 200 (0 for a timeout or refused connection, 500, 503, ...) carries an error text: a failed request.
        let result: RecommendationResult
        if status == 200 {
            result = .movies(try Self.parseMovieList(resultField))
        } else {
            result = .error(Self.text(resultField))
        }
        return RecommendationRequest(
            server: Self.text(serverField), status: Int(status), result: result, responseTimeMilliseconds: Int(milliseconds))
    }

    // MARK: Formatting

    /// Formats an event as one log line, without a line terminator.
    public func format(_ event: Event) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(96)
        append(event, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the log line of `event` to `bytes`, without a line terminator.
    public func append(_ event: Event, to bytes: inout [UInt8]) {
        event.time.appendISO8601(to: &bytes)
        bytes.append(UInt8(ascii: ","))
        bytes.append(contentsOf: String(event.user.rawValue).utf8)
        bytes.append(UInt8(ascii: ","))
        switch event.kind {
        case .watch(let movie, let minute):
            bytes.append(contentsOf: Self.watchPrefix)
            bytes.append(contentsOf: movie.slug.utf8)
            bytes.append(UInt8(ascii: "/"))
            bytes.append(contentsOf: String(minute).utf8)
            bytes.append(contentsOf: Self.mpgSuffix)
        case .rate(let movie, let rating):
            bytes.append(contentsOf: Self.ratePrefix)
            bytes.append(contentsOf: movie.slug.utf8)
            bytes.append(UInt8(ascii: "="))
            bytes.append(contentsOf: String(rating).utf8)
        case .recommendation(let request):
            bytes.append(contentsOf: Self.recommendationPrefix)
            bytes.append(contentsOf: request.server.utf8)
            bytes.append(contentsOf: Self.statusSeparator)
            bytes.append(contentsOf: String(request.status).utf8)
            bytes.append(contentsOf: Self.resultSeparator)
            switch request.result {
            case .movies(let movies):
                for (index, movie) in movies.enumerated() {
                    if index > 0 { bytes.append(contentsOf: Self.listSeparator) }
                    bytes.append(contentsOf: movie.slug.utf8)
                }
            case .error(let text):
                bytes.append(contentsOf: text.utf8)
            }
            bytes.append(contentsOf: Self.listSeparator)
            bytes.append(contentsOf: String(request.responseTimeMilliseconds).utf8)
            bytes.append(contentsOf: Self.millisecondsSuffix)
        case .accountCreated:
            bytes.append(contentsOf: Self.accountRequest)
        }
    }
}
