import MarqueeCore
import MarqueeEvaluation
import MarqueeTestSupport
import Testing

struct MetricSetTests {
    private let a = EvaluationFixtures.movie(1), b = EvaluationFixtures.movie(2), c = EvaluationFixtures.movie(3)

    private func results() -> [(case: TestCase, list: [MovieID])] {
        [
            (TestCase(user: LogFixture.user(1), relevant: [a], excluded: []), [a, b]),
            (TestCase(user: LogFixture.user(2), relevant: [c], excluded: []), [a, b]),
        ]
    }

    @Test func averagesPerUserMetricsOverTestUsers() {
        // Given user 1 finding its movie first and user 2 missing its one
        // When the metric set is computed over a 3-movie catalogue
        let metrics = MetricSet(results: results(), popularityRanking: [a, b, c])
        // Then accuracy is the mean of 1 and 0 per user
        #expect(metrics.precision10 == 0.05)
        #expect(metrics.recall10 == 0.5)
        #expect(metrics.ndcg20 == 0.5)
        #expect(metrics.map10 == 0.5)
        #expect(metrics.hit20 == 0.5)
        // And the beyond-accuracy metrics follow their definitions
        #expect(abs(metrics.coverage - 2.0 / 3) < 1e-12)
        #expect(metrics.novelty == 1.5)
        #expect(metrics.personalisation == 0.5)
    }

    @Test func breaksMetricsDownByGenderAgeBandAndOccupation() {
        // Given user 1 (F, 20, artist) and user 2 (M, 60, unknown occupation); user 3 has no record
        let users = [
            LogFixture.user(1): User(id: LogFixture.user(1), age: 20, occupation: "artist", gender: "F"),
            LogFixture.user(2): User(id: LogFixture.user(2), age: 60, gender: "M"),
        ]
        var all = results()
        all.append((TestCase(user: LogFixture.user(3), relevant: [b], excluded: []), [b]))
        // When metrics are broken down
        let breakdown = metricsByGroup(all, users: users, popularityRanking: [a, b, c])
        // Then each dimension has its groups, with the group's users only
        #expect(breakdown["gender"]?["F"]?.users == 1)
        #expect(breakdown["gender"]?["F"]?.metrics.hit10 == 1)
        #expect(breakdown["gender"]?["M"]?.metrics.hit10 == 0)
        #expect(breakdown["gender"]?["unknown"]?.users == 1)
        #expect(breakdown["age"]?["18-24"]?.users == 1)
        #expect(breakdown["age"]?["56+"]?.users == 1)
        #expect(breakdown["occupation"]?["artist"]?.users == 1)
        #expect(breakdown["occupation"]?["unknown"]?.users == 2)
    }

    @Test func ageBandsFollowMovieLens() {
        #expect([17, 18, 24, 25, 34, 35, 44, 45, 49, 50, 55, 56].map(DemographicDimension.ageBand) == [
            "<18", "18-24", "18-24", "25-34", "25-34", "35-44", "35-44", "45-49", "45-49", "50-55", "50-55", "56+",
        ])
    }
}
