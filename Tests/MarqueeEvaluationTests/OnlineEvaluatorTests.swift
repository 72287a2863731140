import Foundation
import MarqueeCore
import MarqueeEvaluation
import MarqueeSimulator
import Testing

/// A hand-built day and a half of answers and events, with every expected value worked out by hand in the comments.
struct OnlineEvaluatorTests {
    private static func movie(_ slug: String) -> MovieID { MovieID(slug)! }
    private static func user(_ id: Int64) -> UserID { UserID(id)! }
    private static func time(day: Int, _ hour: Int, _ minute: Int = 0, _ second: Int = 0) -> EventTime {
        EventTime(year: 2025, month: 1, day: day, hour: hour, minute: minute, second: second)!
    }

    private static let a = movie("a+2000")  // runtime 100, fee 2.0
    private static let b = movie("b+2000")  // runtime 90, fee 1.0
    private static let short = movie("short+2000")  // runtime 5, fee 0.5
    private static let c = movie("c+2000")  // runtime 120, no fee
    private static let runtimes = [a: 100, b: 90, short: 5, c: 120]
    private static let fees = [a: 2.0, b: 1.0, short: 0.5]

    private static func answer(_ user: Int64, _ time: EventTime, _ movies: [MovieID], _ version: String, _ route: String) -> ServedRecommendation {
        ServedRecommendation(user: Self.user(user), time: time, movies: movies, modelVersion: version, route: route)
    }

    /// One watch line per minute, `minutes` consecutive minutes from `start`.
    private static func watches(_ user: Int64, _ movie: MovieID, minutes: Range<Int>, from start: EventTime) -> [Event] {
        minutes.map {
            Event(time: start.adding(seconds: Double(60 * ($0 - minutes.lowerBound))), user: Self.user(user), kind: .watch(movie: movie, minute: $0))
        }
    }

    private static func rating(_ user: Int64, _ movie: MovieID, _ rating: Int, at time: EventTime) -> Event {
        Event(time: time, user: Self.user(user), kind: .rate(movie: movie, rating: rating))
    }

    static let answers = [
        // A1: followed (12 minutes of a), rating 4 of a; minutes 12, fee 2.0 on 12 costed minutes
        answer(1, time(day: 1, 10), [a, b], "v1", "production"),
        // A2: followed (the whole 5-minute short), 3 minutes of a too; rating 5 of short; minutes 8, fees 0.5 + 2.0 on 8 minutes
        answer(2, time(day: 1, 11), [a, short], "v2", "canary"),
        // A3: not followed (5 minutes of c, one exactly at the window's end; b only after it); rating 1 of c; minutes 5, no fee
        answer(3, time(day: 1, 12), [b, c], "v1", "canary"),
        // A4: followed (exactly 10 minutes of a from the answer's instant); ratings 3 then 5 of a: the last, 5, counts;
        // minutes 10, fee 2.0 on 10 minutes
        answer(4, time(day: 2, 9), [a], "v2", "production"),
        // A5: its window ends on day 3 at 23:00, after the observed data: pending
        answer(5, time(day: 2, 23), [a], "v1", "production"),
    ]

    static let events: [Event] =
        watches(1, b, minutes: 0..<15, from: time(day: 1, 9))  // before A1: does not count
        + watches(1, a, minutes: 0..<12, from: time(day: 1, 10, 30))
        + [Event(time: time(day: 1, 10, 50), user: user(1), kind: .watch(movie: a, minute: 5))]  // duplicate line
        + [rating(1, a, 4, at: time(day: 1, 12)), rating(1, b, 2, at: time(day: 1, 13))]  // b not watched in the window
        + watches(2, short, minutes: 0..<5, from: time(day: 1, 11, 10))
        + watches(2, a, minutes: 0..<3, from: time(day: 1, 12))
        + [rating(2, short, 5, at: time(day: 1, 12, 30))]
        + watches(3, c, minutes: 0..<4, from: time(day: 1, 13))
        + [Event(time: time(day: 2, 12), user: user(3), kind: .watch(movie: c, minute: 10))]  // exactly 24 h later: counts
        + watches(3, b, minutes: 0..<10, from: time(day: 2, 12, 0, 1))  // 1 s after the window
        + [rating(3, c, 1, at: time(day: 1, 14))]
        + watches(9, b, minutes: 0..<20, from: time(day: 1, 12, 30))  // another user
        + watches(4, a, minutes: 0..<10, from: time(day: 2, 9))
        + [rating(4, a, 3, at: time(day: 2, 10)), rating(4, a, 5, at: time(day: 2, 11))]
        + watches(5, a, minutes: 0..<30, from: time(day: 2, 23, 30))

    private func report(answers: [ServedRecommendation] = answers, events: [Event] = events) throws -> OnlineEvaluationReport {
        try OnlineEvaluator.evaluate(
            answers: answers, events: events, runtimes: Self.runtimes, licenceCosts: Self.fees, observedUntil: Self.time(day: 3, 12))
    }

    private func expect(
        _ group: OnlineMetricGroup?, answers: Int, followed: Int, ratings: [Double], minutes: Int, cost: Double, costedMinutes: Int,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let group = try #require(group, sourceLocation: sourceLocation)
        #expect(group.answers == answers, sourceLocation: sourceLocation)
        #expect(group.followed == (try ProportionEstimate(successes: followed, trials: answers)), sourceLocation: sourceLocation)
        #expect(group.ratingCount == ratings.count, sourceLocation: sourceLocation)
        let mean = ratings.reduce(0, +) / Double(ratings.count)
        #expect(abs((group.meanRating ?? .nan) - mean) < 1e-12, sourceLocation: sourceLocation)
        #expect(group.watchedMinutes == minutes, sourceLocation: sourceLocation)
        #expect(abs((group.licenceCost ?? .nan) - cost) < 1e-12, sourceLocation: sourceLocation)
        #expect(abs((group.costPerWatchedMinute ?? .nan) - cost / Double(costedMinutes)) < 1e-12, sourceLocation: sourceLocation)
    }

    @Test func computesEveryGroupOfTheHandBuiltScenario() throws {
        let report = try report()
        #expect(report.pendingAnswers == 1)
        #expect(report.observedUntil == "2025-01-03T12:00:00")
        // A1–A4: 3 followed; ratings 4, 5, 1, 5; minutes 12 + 8 + 5 + 10; fees 2 + 2.5 + 0 + 2 on 12 + 8 + 0 + 10 minutes
        try expect(report.overall, answers: 4, followed: 3, ratings: [4, 5, 1, 5], minutes: 35, cost: 6.5, costedMinutes: 30)
        // v1: A1, A3 (A5 pending)
        try expect(report.group(modelVersion: "v1"), answers: 2, followed: 1, ratings: [4, 1], minutes: 17, cost: 2, costedMinutes: 12)
        // v2: A2, A4
        try expect(report.group(modelVersion: "v2"), answers: 2, followed: 2, ratings: [5, 5], minutes: 18, cost: 4.5, costedMinutes: 18)
        // production: A1, A4
        try expect(report.group(route: "production"), answers: 2, followed: 2, ratings: [4, 5], minutes: 22, cost: 4, costedMinutes: 22)
        // canary: A2, A3
        try expect(report.group(route: "canary"), answers: 2, followed: 1, ratings: [5, 1], minutes: 13, cost: 2.5, costedMinutes: 8)
        #expect(report.byModelVersion.map(\.key) == ["v1", "v2"])
        #expect(report.byRoute.map(\.key) == ["canary", "production"])
        // Days: A1–A3 on 1 January, A4 on the 2nd
        #expect(report.byPeriod.map(\.key) == ["2025-01-01T00:00:00", "2025-01-02T00:00:00"])
        try expect(report.byPeriod.first, answers: 3, followed: 2, ratings: [4, 5, 1], minutes: 25, cost: 4.5, costedMinutes: 20)
        try expect(report.byPeriod.last, answers: 1, followed: 1, ratings: [5], minutes: 10, cost: 2, costedMinutes: 10)
    }

    @Test func ratingsCarryStudentIntervals() throws {
        let report = try report()
        // v1: ratings 4 and 1: mean 2.5, variance 4.5, standard error 1.5, t(0.975, 1) = 12.706204736174694 (scipy.stats.t.ppf)
        let rating = try #require(report.group(modelVersion: "v1")?.rating)
        #expect(abs(rating.variance - 4.5) < 1e-12)
        #expect(abs(rating.interval.lower - (2.5 - 12.706204736174694 * 1.5)) < 1e-8)
        // A single rating has a mean but no interval
        #expect(report.byPeriod.last?.rating == nil)
        #expect(report.byPeriod.last?.meanRating == 5)
    }

    @Test func resultDoesNotDependOnInputOrder() throws {
        var generator = SplitMix64(seed: 3)
        let shuffled = try report(answers: Self.answers.shuffled(using: &generator), events: Self.events.shuffled(using: &generator))
        #expect(shuffled == (try report()))
    }

    @Test func answersWhoseWindowIsNotOverArePending_whenObservedUntilIsTheLastEvent() throws {
        // Given the data end with user 5's watching on day 2 at 23:59
        let report = try OnlineEvaluator.evaluate(answers: Self.answers, events: Self.events, runtimes: Self.runtimes)
        // Then A4 (window ends day 3, 09:00) and A5 are pending, and costs are absent
        #expect(report.pendingAnswers == 2)
        #expect(report.overall.answers == 3)
        #expect(report.overall.licenceCost == nil)
        #expect(report.overall.costPerWatchedMinute == nil)
    }

    @Test func streamingInTimeOrderClosesWindowsAsTimePasses() throws {
        // Given the scenario fed in time order to one evaluator
        var evaluator = try OnlineEvaluator(runtimes: Self.runtimes, licenceCosts: Self.fees)
        var events = Self.events.sorted { $0.time < $1.time }[...]
        for answer in Self.answers {
            while let next = events.first, next.time < answer.time {
                evaluator.record(next)
                events = events.dropFirst()
            }
            evaluator.record(answer)
        }
        for event in events { evaluator.record(event) }
        // Then it reports the same as the batch evaluation
        #expect(try evaluator.report(observedUntil: Self.time(day: 3, 12)) == (try report()))
    }

    @Test func windowAndThresholdFollowTheConfiguration() throws {
        // Given a 1-hour window and a 3-minute threshold: of A2's minutes of a from 12:00 and A3's of c from 13:00,
        // only the first, exactly at the window's end, counts
        let configuration = OnlineEvaluationConfiguration(windowSeconds: 3600, minimumMinutes: 3)
        let report = try OnlineEvaluator.evaluate(
            answers: Self.answers, events: Self.events, runtimes: Self.runtimes, configuration: configuration,
            observedUntil: Self.time(day: 3, 12))
        // Then A1 (12 minutes at 10:30), A2 (short at 11:10) and A4 are followed, A3 not; A5's window is over
        #expect(report.overall.answers == 5)
        #expect(report.overall.followed.successes == 4)  // A5: user 5 watches a at 23:30, inside the hour
        #expect(report.group(modelVersion: "v2")?.watchedMinutes == 16)  // A2: 5 of short, 1 of a; A4: 10 of a
        #expect(report.group(route: "canary")?.followed.successes == 1)  // A2 followed, A3 (1 minute of c) not
    }

    @Test func encodesSnakeCaseJSONWithTheDefinition() throws {
        let text = String(decoding: try JSONEncoder.marquee().encode(try report()), as: UTF8.self)
        for key in [
            "by_model_version", "by_route", "by_period", "pending_answers", "cost_per_watched_minute", "licence_cost_per_view", "costed_views",
            "mean_rating", "window_seconds",
        ] {
            #expect(text.contains("\"\(key)\""), "missing \(key)")
        }
        let definition = try report().definition
        #expect(definition.contains("1. Metric") && definition.contains("2. Telemetry") && definition.contains("3. Operationalisation"))
        #expect(definition.contains("10 minutes") && definition.contains("24 h"))
    }

    @Test func rejectsImpossibleSettings() {
        #expect(throws: EvaluationError.self) {
            try OnlineEvaluator(runtimes: [:], configuration: OnlineEvaluationConfiguration(windowSeconds: 0))
        }
        #expect(throws: EvaluationError.self) {
            try OnlineEvaluator(runtimes: [:], configuration: OnlineEvaluationConfiguration(minimumMinutes: 0))
        }
    }
}
