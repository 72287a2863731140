import MarqueeCore
import MarqueeEvaluation
import MarqueeTestSupport
import Testing

struct GiniTests {
    @Test func isZeroForEqualValuesAndNearOneWhenOneTakesAll() {
        #expect(Gini.of([3, 3, 3, 3]) == 0)
        #expect(abs(Gini.of([0, 0, 0, 10]) - 0.75) < 1e-12)  // (n − 1) / n for n = 4
        #expect(Gini.of([]) == 0 && Gini.of([0, 0]) == 0)
    }

    @Test func matchesAHandComputedValue() {
        // sorted 1, 2, 3, 4: Σ (2i − 5) xᵢ = −3 − 2 + 3 + 12 = 10; 10 / (4 · 10) = 0.25
        #expect(abs(Gini.of([4, 1, 3, 2]) - 0.25) < 1e-12)
    }
}

struct ExposureFairnessTests {
    private typealias F = LogFixture

    @Test func sharesCoverageAndGiniOfRecommendationSlots() {
        let catalogue = ["a+2001", "b+1995", "c+1987", "d+2010"].map { CatalogueFixture.movie($0) }
        let lists = [[F.movie("a+2001"), F.movie("b+1995")], [F.movie("a+2001"), F.movie("b+1995")]]
        let exposure = ExposureFairness.measure(
            recommended: lists, catalogue: catalogue, watched: [F.movie("a+2001"): 50, F.movie("b+1995"): 5, F.movie("c+1987"): 3])
        #expect(exposure.slots == 4)
        #expect(exposure.coverage == 0.5)
        #expect(abs(exposure.gini - 0.5) < 1e-12)  // slots 0, 0, 2, 2
        #expect(exposure.byPopularityDecile == ["decile 1": 0.5, "decile 4": 0.5])
        #expect(exposure.byGenre == ["drama": 1])
        #expect(exposure.byReleaseEra == ["1990s": 1])  // the fixture's release date is 1999
    }
}

struct FeedbackLoopsTests {
    private typealias F = LogFixture

    private static let movies = (0..<20).map { F.movie("m\($0)+2000") }

    private static func answers(_ version: String, day: Int, lists: [[MovieID]]) -> [ServedRecommendation] {
        lists.enumerated().map { index, list in
            ServedRecommendation(user: F.user(Int64(index)), time: F.time(day * 86_400 + index), movies: list, modelVersion: version, route: "production")
        }
    }

    @Test func recommendationsConcentratingOverVersionsIsPopularityReinforcement() {
        let broad = Self.answers("v1", day: 0, lists: (0..<20).map { [Self.movies[$0], Self.movies[($0 + 7) % 20]] })
        let narrow = Self.answers("v2", day: 1, lists: (0..<20).map { _ in [Self.movies[0], Self.movies[1]] })
        let loops = FeedbackLoops.measure(answers: broad + narrow, events: [], catalogue: Self.movies, genres: [:])
        #expect(loops.versions.map(\.version) == ["v1", "v2"])
        #expect(loops.versions[0].recommendationGini < 0.1 && loops.versions[1].recommendationGini > 0.8)
        #expect(loops.popularityReinforcement)
        let steady = FeedbackLoops.measure(answers: broad + Self.answers("v2", day: 1, lists: (0..<20).map { [Self.movies[$0]] }), events: [], catalogue: Self.movies, genres: [:])
        #expect(!steady.popularityReinforcement)
    }

    @Test func usersWatchingFewerGenresDayAfterDayIsNarrowing() {
        // 30 users watch 4 genres a day at first, then only one
        let genres = Dictionary(uniqueKeysWithValues: Self.movies.enumerated().map { ($1, ["g\($0 % 4)"]) })
        var events: [Event] = []
        for day in 0..<14 {
            let kinds = day < 2 ? 4 : 1
            for user in 0..<30 {
                for movie in 0..<kinds { events.append(F.watch(Int64(user), "m\(movie)+2000", minute: 0, at: day * 86_400 + user)) }
            }
        }
        let loops = FeedbackLoops.measure(answers: [], events: events, catalogue: Self.movies, genres: genres)
        #expect(loops.diversity.count == 14 && loops.diversity[0].meanGenres == 4)
        #expect(loops.narrowing, "slope \(loops.diversitySlopePerDay ?? 0)")
        let even = events.filter { if case .watch(let movie, _) = $0.kind { return movie == Self.movies[0] } else { return false } }
        #expect(!FeedbackLoops.measure(answers: [], events: even, catalogue: Self.movies, genres: genres).narrowing)
    }
}

struct UserFairnessTests {
    private typealias F = LogFixture

    @Test func aGroupServedWorseShowsAsTheGapWithItsInterval() throws {
        // 200 women and 200 men get one answer each; 60 % of women and 30 % of men watch the first movie for 20 minutes
        var answers: [ServedRecommendation] = []
        var events: [Event] = []
        var users: [UserID: User] = [:]
        for index in 0..<400 {
            let user = F.user(Int64(index))
            let female = index < 200
            users[user] = User(id: user, age: 30, occupation: "writer", gender: female ? "F" : "M")
            answers.append(ServedRecommendation(user: user, time: F.time(index), movies: [F.movie("heat+1995")], modelVersion: "v1", route: "production"))
            if index % 10 < (female ? 6 : 3) {
                events += (0..<20).map { F.watch(Int64(index), "heat+1995", minute: $0, at: index + 60 + $0 * 60) }
            }
        }
        events.append(F.watch(9_999, "heat+1995", minute: 0, at: 10 * 86_400))  // time passes: every window closes
        let fairness = try UserFairness.measure(answers: answers, events: events, users: users, runtimes: [F.movie("heat+1995"): 136])
        let gender = try #require(fairness.dimensions.first { $0.dimension == .gender })
        #expect(gender.best == "F" && gender.worst == "M")
        #expect(abs((gender.gapPoints ?? 0) - 30) < 1e-9)
        let women = try #require(gender.groups.first { $0.key == "F" })
        #expect(women.followed.interval.lower < 0.6 && women.followed.interval.upper > 0.6)
        #expect(fairness.dimensions.first { $0.dimension == .occupation }?.gapPoints == nil, "one occupation: no gap")
    }
}
