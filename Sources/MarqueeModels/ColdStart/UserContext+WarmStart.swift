import MarqueeCore

extension UserContext {
    /// The stated movies the model knows, as (matrix index, weight) pairs.
    func known(_ movies: [ScoredMovie]) -> [(index: Int, weight: Float)] {
        movies.compactMap { movie in matrix.index(of: movie.movie).map { ($0, Float(movie.score)) } }
    }

    /// The sorted, distinct indices of the movies of `movies` the model knows.
    func indices(of movies: some Sequence<MovieID>) -> [Int32] {
        Array(Set(movies.compactMap { matrix.index(of: $0).map(Int32.init) })).sorted()
    }

    /// A warm-start answer for `user`: the best `count` movies, never one of `excluded` nor one the taste names, by
    /// the cold start's prior (popularity in the user's group) times the taste's evidence for each movie,
    /// `prior × max(0.02, 1 + w · evidence / strongest evidence)` with `w` = ``StatedTaste/evidenceWeight``. People
    /// mostly watch what they come across, popular films, and choose among those what they like: the prior says what
    /// they will come across, the stated taste what they will choose. `nil` when no movie has positive evidence.
    func warmAnswer(for user: UserID, taste: StatedTaste, count: Int, excluding excluded: Set<MovieID>, evidence: [Float]) -> [ScoredMovie]? {
        guard let strongest = evidence.max(), strongest > 0 else { return nil }
        let prior = coldStart.denseScores(for: user)
        let scale = 1 / max(prior.max() ?? 1, .leastNonzeroMagnitude)
        let weight = Double(StatedTaste.evidenceWeight) / Double(strongest)
        return top(count: count, skipping: indices(of: excluded.union(taste.mentioned))) { movie in
            Float(prior[movie] * scale * max(0.02, 1 + weight * Double(evidence[movie])))
        }
    }
}
