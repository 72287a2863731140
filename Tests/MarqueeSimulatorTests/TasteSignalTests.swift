import MarqueeCore
import MarqueeTestSupport
import Testing

@testable import MarqueeSimulator

@Suite(.dedicatedThreads)
struct TasteSignalTests {
    @Test func genreMixDiffersBetweenDemographicGroups() async throws {
        // Given a month-like simulation of a mid-sized world
        let configuration = SimulatorFixtures.configuration(seed: 31, users: 3_000, movies: 300, days: 3)
        let simulator = try Simulator(configuration: configuration)
        let (lines, _) = try await SimulatorFixtures.log(configuration)

        // When the primary genres of movies started are counted for young men and older women
        let genres = GenreTable.genres.count
        var counts = [[Double]](repeating: [Double](repeating: 0, count: genres), count: 2)
        for event in SimulatorFixtures.events(lines) {
            guard case .watch(let movie, 0) = event.kind, let user = simulator.catalogue.users.user(event.user),
                let age = user.age, let index = simulator.catalogue.movies.index(of: movie)
            else { continue }
            let row: Int
            if user.gender == "M", (18..<30).contains(age) {
                row = 0
            } else if user.gender == "F", age >= 50 {
                row = 1
            } else {
                continue
            }
            counts[row][simulator.catalogue.movies.genreIndices[index][0]] += 1
        }

        // Then a chi-square test of independence rejects "same mix" far beyond p = 0.001 (critical value 40.8 for 17 df)
        let chiSquare = Self.chiSquare(counts)
        #expect(counts[0].reduce(0, +) > 200 && counts[1].reduce(0, +) > 50)
        #expect(chiSquare > 40.8, "chi-square \(chiSquare)")
    }

    @Test func oracleRecommendationsAreFollowedMoreThanPopularOnes() async throws {
        // Given the same world served once by the oracle and once by a popularity list
        let configuration = SimulatorFixtures.configuration(seed: 32, users: 1_000, movies: 300, days: 2)
        let simulator = try Simulator(configuration: configuration)

        // When both run
        let oracle = try await SimulatorFixtures.log(configuration, provider: OracleRecommendations(simulator: simulator)).summary
        let popular = try await SimulatorFixtures.log(configuration, provider: PopularRecommendations(catalogue: simulator.catalogue.movies))
            .summary

        // Then personalised recommendations are followed clearly more often
        #expect(oracle.followRate > popular.followRate + 0.15, "oracle \(oracle.followRate) popular \(popular.followRate)")
        #expect(popular.followRate > 0.02)
    }

    @Test func oracleRanksByTrueAffinity() throws {
        // Given a world and its ground truth
        let simulator = try Simulator(configuration: SimulatorFixtures.configuration(seed: 33))
        let user = try #require(UserID(17))

        // When the oracle ranks movies for a user
        let best = simulator.taste.bestMovies(for: user, count: 10, in: simulator.catalogue.movies)
        let affinities = best.compactMap { simulator.taste.affinity(user: user, movie: $0, in: simulator.catalogue.movies) }

        // Then the ranking is by descending affinity and beats the average movie
        #expect(best.count == 10 && affinities.count == 10)
        #expect(zip(affinities, affinities.dropFirst()).allSatisfy { $0 >= $1 })
        let all = simulator.catalogue.movies.movies.compactMap { simulator.taste.affinity(user: user, movie: $0.id, in: simulator.catalogue.movies) }
        #expect(affinities.last ?? 0 > all.reduce(0, +) / Double(all.count))
    }

    static func chiSquare(_ table: [[Double]]) -> Double {
        let rowTotals = table.map { $0.reduce(0, +) }
        let columns = table[0].count
        let columnTotals = (0..<columns).map { column in table.reduce(0) { $0 + $1[column] } }
        let total = rowTotals.reduce(0, +)
        var statistic = 0.0
        for row in table.indices {
            for column in 0..<columns where columnTotals[column] > 0 {
                let expected = rowTotals[row] * columnTotals[column] / total
                statistic += (table[row][column] - expected) * (table[row][column] - expected) / expected
            }
        }
        return statistic
    }
}
