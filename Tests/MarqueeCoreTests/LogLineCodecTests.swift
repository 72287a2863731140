import MarqueeCore
import Testing

struct LogLineCodecTests {
    let codec = LogLineCodec()

    private func time(_ text: String) -> EventTime {
        guard case .some(let parsed) = try? codec.parse("\(text),1,GET /create_account") else {
            Issue.record("fixture time \(text) does not parse")
            return EventTime(microseconds: 0)
        }
        return parsed.time
    }

    private func rejection(_ line: String, codec: LogLineCodec? = nil) -> RejectionReason? {
        do {
            _ = try (codec ?? self.codec).parse(line)
            return nil
        } catch {
            return error.reason
        }
    }

    // MARK: Event kinds

    @Test func parsesWatchLine() throws {
        let event = try codec.parse("2022-09-14T10:03:21,4711,GET /data/m/the+green+mile+1999/17.mpg")
        #expect(event.user == UserID(4711))
        #expect(event.kind == .watch(movie: try #require(MovieID("the+green+mile+1999")), minute: 17))
        #expect(event.time == EventTime(year: 2022, month: 9, day: 14, hour: 10, minute: 3, second: 21))
    }

    @Test func parsesRateLine() throws {
        let event = try codec.parse("2022-09-14T10:03:21,12,GET /rate/alien+1979=4")
        #expect(event.kind == .rate(movie: try #require(MovieID("alien+1979")), rating: 4))
    }

    @Test func parsesAccountLine() throws {
        let event = try codec.parse("2023-03-20T08:12:38.176557,99,GET /create_account")
        #expect(event.kind == .accountCreated)
        #expect(event.time.components.microsecond == 176_557)
    }

    @Test func parsesSuccessfulRecommendationWithCommasInResult() throws {
        // Given a request line whose result list contains commas
        let line = "2022-09-14T10:03:21,4711,recommendation request 17645-team07.isri.cmu.edu:8082, status 200, "
            + "result: the+matrix+1999, alien+1979, m.a.s.h.+1970, 131 ms"
        // When it is parsed
        let event = try codec.parse(line)
        // Then every item and the response time are recovered
        guard case .recommendation(let request) = event.kind else {
            Issue.record("expected a recommendation event")
            return
        }
        #expect(request.server == "17645-team07.isri.cmu.edu:8082")
        #expect(request.status == 200)
        #expect(request.movies.map(\.slug) == ["the+matrix+1999", "alien+1979", "m.a.s.h.+1970"])
        #expect(request.responseTimeMilliseconds == 131)
    }

    @Test func parsesFailedRecommendationWithErrorText() throws {
        let line = "2022-09-14T10:03:21,4711,recommendation request host:8082, status 0, "
            + "result: java.util.concurrent.TimeoutException: Request timeout to host:8082 after 800 ms, 800 ms"
        let event = try codec.parse(line)
        guard case .recommendation(let request) = event.kind else {
            Issue.record("expected a recommendation event")
            return
        }
        #expect(request.status == 0)
        #expect(request.result == .error("java.util.concurrent.TimeoutException: Request timeout to host:8082 after 800 ms"))
        #expect(request.responseTimeMilliseconds == 800)
    }

    @Test func acceptsTenPointScaleWhenConfigured() throws {
        let tenPoint = LogLineCodec(configuration: .init(ratingScale: .tenPoints))
        #expect(try tenPoint.parse("2022-09-14T10:03:21,1,GET /rate/alien+1979=9").kind == .rate(movie: try #require(MovieID("alien+1979")), rating: 9))
        #expect(rejection("2022-09-14T10:03:21,1,GET /rate/alien+1979=9") == .ratingOutOfScale)
    }

    @Test func ignoresTrailingCarriageReturn() throws {
        let event = try codec.parse("2022-09-14T10:03:21,1,GET /create_account\r")
        #expect(event.kind == .accountCreated)
    }

    // MARK: Rejections

    static let malformedLines: [(String, RejectionReason)] = [
        ("", RejectionReason.empty),
        ("   ", .empty),
        ("2022-09-14T10:03:21", .truncated),
        ("2022-09-14T10:03:21,4711", .truncated),
        ("2022-09-14T10:03:21,4711,GET /data/m/alien+1979", .truncated),
        ("2022-09-14T10:03:21,4711,GET /data/m/alien+1979/12.mp", .truncated),
        ("2022-09-14T10:03:21,4711,GET /data/", .truncated),
        ("2022-09-14T10:03:21,4711,GET /rate/alien+1979", .truncated),
        ("2022-09-14T10:03:21,4711,GET /rate/alien+1979=", .truncated),
        ("2022-09-14T10:03:21,4711,recommendation request host:8082", .truncated),
        ("2022-09-14T10:03:21,4711,recommendation request host:8082, status 200", .truncated),
        ("2022-09-14T10:03:21,4711,recommendation request host:8082, status 200, result: alien+1979", .truncated),
        ("2022-09-14 10:03:21,4711,GET /create_account", .badTimestamp),
        ("2022-13-14T10:03:21,4711,GET /create_account", .badTimestamp),
        ("2022-02-30T10:03:21,4711,GET /create_account", .badTimestamp),
        ("2022-09-14T25:03:21,4711,GET /create_account", .badTimestamp),
        ("2022-09-14T10:03:21Z,4711,GET /create_account", .badTimestamp),
        ("2022-09-14T10:03:21.1234567,4711,GET /create_account", .badTimestamp),
        ("yesterday,4711,GET /create_account", .badTimestamp),
        ("2022-09-14T10:03:21,-1,GET /create_account", .badUserID),
        ("2022-09-14T10:03:21,abc,GET /create_account", .badUserID),
        ("2022-09-14T10:03:21,,GET /create_account", .badUserID),
        ("2022-09-14T10:03:21,12345678901234,GET /create_account", .badUserID),
        ("2022-09-14T10:03:21,1,GET /data/m/The Matrix 1999/1.mpg", .badMovieID),
        ("2022-09-14T10:03:21,1,GET /data/m//1.mpg", .badMovieID),
        ("2022-09-14T10:03:21,1,GET /rate/ALIEN=3", .badMovieID),
        ("2022-09-14T10:03:21,1,GET /data/m/alien+1979/x.mpg", .badMinute),
        ("2022-09-14T10:03:21,1,GET /data/m/alien+1979/-3.mpg", .badMinute),
        ("2022-09-14T10:03:21,1,GET /data/m/alien+1979/12.avi", .badMinute),
        ("2022-09-14T10:03:21,1,GET /rate/alien+1979=four", .badRating),
        ("2022-09-14T10:03:21,1,GET /rate/alien+1979=3.5", .badRating),
        ("2022-09-14T10:03:21,1,GET /rate/alien+1979=0", .ratingOutOfScale),
        ("2022-09-14T10:03:21,1,GET /rate/alien+1979=6", .ratingOutOfScale),
        ("2022-09-14T10:03:21,1,GET /rate/alien+1979=-2", .ratingOutOfScale),
        ("2022-09-14T10:03:21,1,recommendation request host:8082, status ok, result: alien+1979, 3 ms", .badStatus),
        ("2022-09-14T10:03:21,1,recommendation request host:8082, status 200, result: alien+1979, fast", .badResponseTime),
        ("2022-09-14T10:03:21,1,recommendation request host:8082, status 200, result: alien+1979, 3.5 ms", .badResponseTime),
        ("2022-09-14T10:03:21,1,recommendation request host:8082, status 200, result: Alien 1979, 3 ms", .badMovieID),
        ("2022-09-14T10:03:21,1,recommendation request my host, status 200, result: alien+1979, 3 ms", .unknownRequestShape),
        ("2022-09-14T10:03:21,1,POST /data/m/alien+1979/1.mpg", .unknownRequestShape),
        ("2022-09-14T10:03:21,1,GET /create_account?x=1", .unknownRequestShape),
        ("2022-09-14T10:03:21,1,hello", .unknownRequestShape),
    ]

    @Test(arguments: malformedLines)
    func rejectsMalformedLine(line: String, expected: RejectionReason) {
        #expect(rejection(line) == expected, "line: \(line)")
    }

    @Test func rejectsTooLongLine() {
        let line = "2022-09-14T10:03:21,1,GET /data/m/" + String(repeating: "a", count: 9000) + "/1.mpg"
        #expect(rejection(line) == .tooLong)
    }

    @Test func rejectsInvalidUTF8() {
        var bytes = Array("2022-09-14T10:03:21,1,GET /data/m/alien+1979/1.mpg".utf8)
        bytes.insert(0xFF, at: 30)
        let reason = bytes.withUnsafeBufferPointer { buffer -> RejectionReason? in
            let result = Result { () throws(LineRejection) in try codec.parse(utf8: buffer) }
            if case .failure(let rejection) = result { return rejection.reason }
            return nil
        }
        #expect(reason == .notUTF8)
    }

    @Test func everyCodecReasonHasARejectionTest() {
        // Given the reasons exercised by the tests of this suite
        let tested = Set(Self.malformedLines.map(\.1)).union([.tooLong, .notUTF8])
        // Then no reason the codec can produce is left untested
        #expect(tested == Set(RejectionReason.codecReasons))
    }

    @Test func rejectionDetailNamesTheBadValue() {
        do {
            _ = try codec.parse("2022-09-14T10:03:21,abc,GET /create_account")
            Issue.record("expected a rejection")
        } catch {
            #expect(error.detail.contains("'abc'"))
        }
    }

    // MARK: Round trip

    @Test func formatsEachKindExactlyAsTheServiceDoes() throws {
        let lines = [
            "2022-09-14T10:03:21,4711,GET /data/m/the+green+mile+1999/17.mpg",
            "2022-09-14T10:03:21,4711,GET /rate/the+green+mile+1999=5",
            "2023-03-20T08:12:38.176557,4711,GET /create_account",
            "2022-09-14T10:03:21,4711,recommendation request host:8082, status 200, result: a+1999, b+2000, 12 ms",
            "2022-09-14T10:03:21,4711,recommendation request host:8082, status 0, result: refused, 3 ms",
        ]
        for line in lines {
            #expect(codec.format(try codec.parse(line)) == line)
        }
    }

    @Test func formattingThenParsingReturnsTheSameEventForRandomEvents() throws {
        var generator = RandomEventGenerator(seed: 42)
        for _ in 0..<5_000 {
            let event = generator.event()
            #expect(try codec.parse(codec.format(event)) == event)
        }
    }

    @Test func randomlyMutatedLinesNeverCrashTheParser() {
        // Given valid lines, When random bytes are flipped, inserted or cut, Then parsing returns or throws, never traps.
        var generator = RandomEventGenerator(seed: 7)
        var rejected = 0
        for _ in 0..<20_000 {
            var bytes = Array(codec.format(generator.event()).utf8)
            generator.mutate(&bytes)
            let accepted = bytes.withUnsafeBufferPointer { buffer in (try? codec.parse(utf8: buffer)) != nil }
            if !accepted { rejected += 1 }
        }
        #expect(rejected > 1_000)
    }
}
