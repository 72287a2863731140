import MarqueeCore
import Testing

/// The variants of recommendation-request lines that real logs contain (SPEC.md §1): the response time with or without
/// a space, and statuses other than 200 and 0 with an error text. Every one is a valid (failed or successful) request.
struct LogLineVariantTests {
    let codec = LogLineCodec()

    private func request(_ line: String) throws -> RecommendationRequest {
        guard case .recommendation(let request) = try codec.parse(line).kind else {
            throw VariantFailure("expected a recommendation line: \(line)")
        }
        return request
    }

    @Test func parsesRefusedConnectionWithoutSpaceBeforeMilliseconds() throws {
        // Given the line real logs write for a refused connection (issue 18)
        let line =
            "2022-09-14T10:03:21,4711,recommendation request host:8082, status 0, "
            + "result: java.net.ConnectException: Connection refused, 1ms"
        // When it is parsed
        let request = try request(line)
        // Then it is a failed request with its error text and time, not a quarantined line
        #expect(request.status == 0)
        #expect(!request.succeeded)
        #expect(request.result == .error("java.net.ConnectException: Connection refused"))
        #expect(request.responseTimeMilliseconds == 1)
    }

    static let responseTimeSpellings: [(String, Int)] = [
        (", 131 ms", 131), (", 131ms", 131), (",131ms", 131), (",131 ms", 131), (", 131  ms", 131), (", 131 ms ", 131),
        (",\t7ms", 7), (", 0ms", 0),
    ]

    @Test(arguments: responseTimeSpellings)
    func parsesResponseTimeSpelling(suffix: String, milliseconds: Int) throws {
        let success = try request("2022-09-14T10:03:21,1,recommendation request h:8082, status 200, result: a+1999, b+2000" + suffix)
        #expect(success.movies.map(\.slug) == ["a+1999", "b+2000"])
        #expect(success.responseTimeMilliseconds == milliseconds)
        let failure = try request("2022-09-14T10:03:21,1,recommendation request h:8082, status 0, result: refused" + suffix)
        #expect(failure.result == .error("refused"))
        #expect(failure.responseTimeMilliseconds == milliseconds)
    }

    static let otherStatuses: [(Int, String)] = [
        (500, "java.io.IOException: Server returned HTTP response code: 500 for URL: http://h:8082/recommend/1"),
        (503, "Service Unavailable"),
        (404, "Not Found"),
        (502, "Bad Gateway, upstream closed"),
        (204, ""),
    ]

    @Test(arguments: otherStatuses)
    func parsesOtherHTTPStatusWithErrorTextAsFailedRequest(status: Int, text: String) throws {
        let request = try request("2022-09-14T10:03:21,1,recommendation request h:8082, status \(status), result: \(text), 12ms")
        #expect(request.status == status)
        #expect(!request.succeeded)
        #expect(request.result == .error(text))
        #expect(request.responseTimeMilliseconds == 12)
    }

    @Test func stillRejectsAResponseTimeThatIsNotWholeMilliseconds() {
        for suffix in [", 3.5 ms", ", fast", ", 12", ", ms", ", 12 s", ", 12 msec"] {
            let line = "2022-09-14T10:03:21,1,recommendation request h:8082, status 0, result: refused" + suffix
            #expect(throws: LineRejection.self, "line: \(line)") { try codec.parse(line) }
        }
    }

    // MARK: Properties over generated variants

    @Test func everyGeneratedVariantDecodesToItsEventAndFormatsCanonically() throws {
        // Given seeded random recommendation events of every status, each written in a random variant spelling
        var generator = VariantLineGenerator(seed: 18)
        for _ in 0..<5_000 {
            let event = generator.recommendationEvent()
            let canonical = codec.format(event)
            let variant = generator.variantSpelling(of: canonical)
            // When the variant is decoded
            let decoded = try codec.parse(variant)
            // Then it is the same event (status, result, time), and encoding it gives the canonical line back
            #expect(decoded == event, "variant: \(variant)")
            #expect(codec.format(decoded) == canonical)
            guard case .recommendation(let request) = decoded.kind, case .recommendation(let original) = event.kind else {
                Issue.record("not a recommendation: \(variant)")
                continue
            }
            #expect(request.status == original.status && request.responseTimeMilliseconds == original.responseTimeMilliseconds)
            #expect(request.succeeded == (original.status == 200))
        }
    }

    @Test func encodingThenDecodingEveryStatusRoundTrips() throws {
        var generator = VariantLineGenerator(seed: 99)
        for _ in 0..<5_000 {
            let event = generator.recommendationEvent()
            #expect(try codec.parse(codec.format(event)) == event)
        }
    }
}

private struct VariantFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Seeded random recommendation-request events of every status, and variant spellings of their lines.
private struct VariantLineGenerator {
    private var random: SplitMix64

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    private mutating func int(_ range: ClosedRange<Int>) -> Int {
        Int.random(in: range, using: &random)
    }

    private mutating func pick<T>(_ values: [T]) -> T {
        values[int(0...(values.count - 1))]
    }

    private mutating func movie() -> MovieID? {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789+-':.&")
        let title = String((0..<int(1...25)).map { _ in alphabet[int(0...(alphabet.count - 1))] })
        return MovieID(title + "+" + String(int(1900...2030)))
    }

    /// A recommendation request with status 200 (a movie list) or a failure status (an error text, often with commas).
    mutating func recommendationEvent() -> Event {
        let time = EventTime(microseconds: Int64(int(0...2_000_000_000)) * 1_000_000 + (int(0...1) == 0 ? 0 : Int64(int(0...999_999))))
        let user = UserID(Int64(int(0...1_000_000)))
        let milliseconds = int(0...5_000)
        let server = pick(["h:8082", "17645-team07.isri.cmu.edu:8082", "10.0.0.7:8082"])
        let status = pick([200, 200, 0, 0, 500, 503, 404, 502, 504])
        let result: RecommendationResult
        if status == 200 {
            result = .movies((0..<int(0...20)).compactMap { _ in movie() })
        } else {
            result = .error(
                pick([
                    "java.net.ConnectException: Connection refused",
                    "java.util.concurrent.TimeoutException: Request timeout to \(server) after 800 ms",
                    "java.io.IOException: Server returned HTTP response code: \(status) for URL: http://\(server)/recommend/1",
                    "Service Unavailable, retry after \(int(1...60)) s, 3 ms",
                    "",
                ]))
        }
        let request = RecommendationRequest(server: server, status: status, result: result, responseTimeMilliseconds: milliseconds)
        guard let user else { preconditionFailure("user ids 0...1_000_000 are valid") }
        return Event(time: time, user: user, kind: .recommendation(request))
    }

    /// The canonical line with its response time (`, <n> ms`) respelt as real logs may write it.
    mutating func variantSpelling(of canonical: String) -> String {
        guard let comma = canonical.lastIndex(of: ",") else { return canonical }
        let time = canonical[canonical.index(comma, offsetBy: 2)...].dropLast(3)
        let afterComma = pick(["", " ", "  ", "\t"])
        let beforeUnit = pick(["", " ", "  "])
        let trailing = pick(["", "", " "])
        let head = String(canonical[..<comma])
        return head + "," + afterComma + String(time) + beforeUnit + "ms" + trailing
    }
}
