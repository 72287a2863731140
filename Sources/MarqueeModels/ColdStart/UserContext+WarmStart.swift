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

    /// A warm start's explanation of movie `index`: one reason per stated movie with its contribution to the
    /// evidence, strongest first, then the cold start's prior; `nil` when the movie is unknown.
    func warmExplanation(of index: Int?, for user: UserID, contributions: [(movie: Int, liked: Bool, contribution: Double)]) -> Explanation? {
        guard let index else { return nil }
        var reasons = contributions.filter { $0.contribution != 0 }.map { entry in
            let slug = matrix.movies[entry.movie].slug
            return Explanation.Reason(
                text: entry.liked ? Explanation.Reason.statedLikePrefix + slug : "you said you do not like \(slug)", movie: matrix.movies[entry.movie],
                contribution: entry.contribution)
        }
        reasons.sort(by: Explanation.Reason.strongerFirst)
        return Explanation(reasons: Array(reasons.prefix(10)) + coldStart.explain(index: index, for: user).reasons)
    }
}
