import MarqueeCore
import MarqueeModels

/// A model that ranks movies `m0+2000`, `m1+2000`, … in that order for everyone, scores `count` down to 1: a base for
/// tests of wrappers that re-rank or replace a model's answers.
public struct FixedRankingRecommender: Recommender {
    /// The movies, best first.
    public let movies: [MovieID]

    /// A ranking of `count` movies.
    public init(count: Int = 6) {
        movies = (0..<count).compactMap { MovieID("m\($0)+2000") }
    }

    public var descriptor: ModelDescriptor { ModelDescriptor(kind: "fixed", movieCount: movies.count, userCount: 0) }

    public func recommend(for user: UserID, count: Int, excluding excluded: Set<MovieID>) -> [ScoredMovie] {
        let score = Double(movies.count)
        return Array(
            movies.enumerated().filter { !excluded.contains($0.element) }.map { ScoredMovie(movie: $0.element, score: score - Double($0.offset)) }
                .prefix(count))
    }

    public func scores(for user: UserID, movies: [MovieID]) -> [Double?] {
        movies.map { movie in self.movies.firstIndex(of: movie).map { Double(self.movies.count - $0) } }
    }

    public func explain(_ movie: MovieID, for user: UserID) -> Explanation { Explanation(reasons: [.init(text: "fixed", contribution: 1)]) }
}
