import MarqueeCore
import MarqueeModels
import MarqueeTestSupport
import Testing

struct InteractionMatrixTests {
    private func movie(_ slug: String) -> MovieID { MovieID(slug)! }
    private func user(_ id: Int64) -> UserID { UserID(id)! }

    @Test func sortsIndicesAddsRepeatsAndDropsZeroWeights() {
        // Given interactions out of order, one repeated pair and one too-short watch
        let data = TrainingData(interactions: [
            .init(user: user(9), movie: movie("b+2000"), minutesWatched: 50, rating: nil),
            .init(user: user(2), movie: movie("c+2000"), minutesWatched: 100, rating: nil),
            .init(user: user(2), movie: movie("a+2000"), minutesWatched: 100, rating: nil),
            .init(user: user(2), movie: movie("c+2000"), minutesWatched: 100, rating: nil),
            .init(user: user(5), movie: movie("d+2000"), minutesWatched: 1, rating: nil),
        ])
        // When building the matrix
        let matrix = InteractionMatrix(data)
        // Then users and movies are in id order, rows sorted, repeats summed, noise dropped
        #expect(matrix.users == [user(2), user(9)])
        #expect(matrix.movies == [movie("a+2000"), movie("b+2000"), movie("c+2000")])
        #expect(matrix.rowStarts == [0, 2, 3])
        #expect(matrix.columns == [0, 2, 1])
        #expect(matrix.values == [1, 2, 0.5])
        #expect(matrix.index(of: user(5)) == nil)
        #expect(matrix.index(of: movie("c+2000")) == 2)
    }

    @Test func transposedIsTheTranspose() {
        // Given a random-ish matrix
        let matrix = InteractionMatrix(ModelFixtures.clustered(usersPerCluster: [7, 5], moviesPerCluster: 6, clusters: 3))
        // When transposing
        let transposed = matrix.transposed()
        // Then entry (u, m) of the matrix is entry (m, u) of the transpose, and nothing else is there
        var dense = [[Float]](repeating: [Float](repeating: 0, count: matrix.movieCount), count: matrix.userCount)
        for row in 0..<matrix.userCount {
            let (columns, values) = matrix.row(row)
            for (column, value) in zip(columns, values) { dense[row][Int(column)] = value }
        }
        var fromTransposed = [[Float]](repeating: [Float](repeating: 0, count: matrix.movieCount), count: matrix.userCount)
        for movie in 0..<matrix.movieCount {
            let range = transposed.rowStarts[movie]..<transposed.rowStarts[movie + 1]
            #expect(zip(transposed.columns[range], transposed.columns[range].dropFirst()).allSatisfy { $0 < $1 })
            for entry in range { fromTransposed[Int(transposed.columns[entry])][movie] = transposed.values[entry] }
        }
        #expect(dense == fromTransposed)
        #expect(transposed.columns.count == matrix.nonZeroCount)
    }
}

struct FeedbackRuleTests {
    private let rule = FeedbackRule()

    @Test func fullWatchWithTopRatingWeighsTwo() {
        #expect(rule.weight(minutesWatched: 120, rating: 5, runtime: 100) == 2)
    }

    @Test func partialWatchCountsItsShareOfTheRuntime() {
        #expect(rule.weight(minutesWatched: 30, rating: nil, runtime: 120) == 0.25)
        #expect(rule.weight(minutesWatched: 50, rating: nil, runtime: nil) == 0.5)
    }

    @Test func dislikeOrTooShortDropsThePair() {
        #expect(rule.weight(minutesWatched: 120, rating: 2, runtime: 100) == 0)
        #expect(rule.weight(minutesWatched: 3, rating: nil, runtime: 100) == 0)
    }

    @Test func neutralRatingAddsNothingButRatingAloneCounts() {
        #expect(rule.weight(minutesWatched: 0, rating: 3, runtime: 100) == 0)
        #expect(rule.weight(minutesWatched: 0, rating: 4, runtime: 100) == 0.5)
        #expect(FeedbackRule.tenPointScale.weight(minutesWatched: 0, rating: 10, runtime: 100) == 1)
    }
}

struct DemographicPopularityTests {
    @Test func fallsBackToGlobalPopularityForStrangers() {
        // Given cluster B (men of 47) larger than cluster A (women of 30)
        let data = ModelFixtures.clustered()
        let popularity = DemographicPopularity(matrix: InteractionMatrix(data), users: data.users)
        // When recommending for an unknown user
        let list = popularity.recommend(for: UserID(424_242)!, count: 3, excluding: [])
        // Then the global favourites (cluster B's) come first
        #expect(list.allSatisfy { $0.movie.slug.hasPrefix("b") })
        #expect(popularity.group(of: UserID(424_242)!) == nil)
    }

    @Test func namesGroups() {
        #expect(DemographicGroup(User(id: UserID(1)!, age: 30, gender: "F")).description == "F 25-34")
        #expect(DemographicGroup(User(id: UserID(1)!, age: 70, gender: nil)).description == "age 56+")
        #expect(DemographicGroup(User(id: UserID(1)!)).isUnknown)
    }
}
