import MarqueeCore
import MarqueeSimulator
import MarqueeTestSupport
import Testing

struct BaselineRecommendationProvidersTests {
    @Test func theOracleLeavesOutWhatAUserWatchedAndKeepsTheRestOfItsRanking() async throws {
        // Given an oracle, and the same oracle told that user 1 watched their two best movies
        let simulator = try Simulator(configuration: SimulatorFixtures.configuration(seed: 5))
        let user = try #require(UserID(1))
        let someoneElse = try #require(UserID(2))
        let best = simulator.taste.bestMovies(for: user, count: 22, in: simulator.catalogue.movies)
        let watched = Set(best.prefix(2))
        let excluding = OracleRecommendations(simulator: simulator, excluding: [user: watched])

        // When it ranks for user 1, and for user 2, who watched nothing known
        let lessWatched = await excluding.recommendations(for: user)
        let other = await excluding.recommendations(for: someoneElse)

        // Then user 1's list is the ranking without the watched movies, still 20 long; user 2's is the plain oracle's
        #expect(lessWatched == .movies(Array(best[2..<22]), latencyMilliseconds: 20))
        #expect(other == (await OracleRecommendations(simulator: simulator).recommendations(for: someoneElse)))
    }

    @Test func thePopularityPriorLeavesOutWhatAUserWatched() async throws {
        // Given the prior, told that user 1 watched its first and third movies
        let catalogue = try Simulator(configuration: SimulatorFixtures.configuration(seed: 5)).catalogue.movies
        let ranking = catalogue.indicesByPopularity().prefix(22).map { catalogue.id(at: $0) }
        let user = try #require(UserID(1))
        let someoneElse = try #require(UserID(2))
        let prior = PopularRecommendations(catalogue: catalogue, excluding: [user: [ranking[0], ranking[2]]])

        // When it ranks for user 1 and for user 2
        let lessWatched = await prior.recommendations(for: user)
        let other = await prior.recommendations(for: someoneElse)

        // Then user 1's list keeps the prior's order without those two, filled up to 20 from further down; user 2's is
        // the plain top 20
        #expect(lessWatched == .movies([ranking[1]] + Array(ranking[3..<22]), latencyMilliseconds: 20))
        #expect(other == .movies(Array(ranking.prefix(20)), latencyMilliseconds: 20))
    }
}
