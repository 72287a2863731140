import MarqueeCore

/// Each movie's neighbours with their weights, strongest first, in compressed sparse rows: what item-to-item models
/// (``ItemKNNRecommender``, ``EASERecommender``) learn.
struct NeighbourLists: Sendable, Equatable {
    let starts: [Int]
    let indices: [Int32]
    let similarities: [Float]

    var memoryBytes: Int { starts.count * 8 + indices.count * 8 }
}

/// How item-to-item models answer: the score of movie `j` for a user is `Σᵢ wᵤᵢ · weight(i, j)` over the user's
/// movies `i` that keep `j` among their neighbours, and an explanation lists exactly those terms, so the reasons add
/// up to the score.
struct NeighbourScoring: Sendable {
    let context: UserContext
    let neighbours: NeighbourLists
    /// What a reason calls a weight, e.g. `similarity`.
    let weightName: String

    /// The dense score of every movie for matrix row `row`.
    private func denseScores(row: Int) -> [Float] {
        var scores = [Float](repeating: 0, count: context.matrix.movieCount)
        let matrix = context.matrix
        for entry in matrix.rowStarts[row]..<matrix.rowStarts[row + 1] {
            let movie = Int(matrix.columns[entry])
            let weight = matrix.values[entry]
            for neighbour in neighbours.starts[movie]..<neighbours.starts[movie + 1] {
                scores[Int(neighbours.indices[neighbour])] += weight * neighbours.similarities[neighbour]
            }
        }
        return scores
    }

    func recommend(for user: UserID, count: Int, excluding excluded: Set<MovieID>) -> [ScoredMovie] {
        guard count > 0 else { return [] }
        guard let row = context.matrix.index(of: user) else {
            return context.coldStart.recommend(for: user, count: count, excluding: excluded)
        }
        let scores = denseScores(row: row)
        return context.top(count: count, skipping: context.skipped(row: row, excluding: excluded)) { scores[$0] }
    }

    /// The warm start: the stated likes as a history of weight 1 × match confidence, so a movie's evidence is its
    /// summed weight from the liked movies it neighbours, minus ``StatedTaste/dislikeWeight`` × its weight from the
    /// disliked ones; the evidence then weighs the cold start's prior (see `UserContext.warmAnswer`).
    func recommend(for user: UserID, stating taste: StatedTaste, count: Int, excluding excluded: Set<MovieID>) -> [ScoredMovie]? {
        let liked = context.known(taste.liked)
        guard count > 0, !liked.isEmpty, context.matrix.index(of: user) == nil else { return nil }
        var scores = [Float](repeating: 0, count: context.matrix.movieCount)
        for (movies, sign) in [(liked, Float(1)), (context.known(taste.disliked), -StatedTaste.dislikeWeight)] {
            for (movie, weight) in movies {
                for neighbour in neighbours.starts[movie]..<neighbours.starts[movie + 1] {
                    scores[Int(neighbours.indices[neighbour])] += sign * weight * neighbours.similarities[neighbour]
                }
            }
        }
        return context.warmAnswer(for: user, taste: taste, count: count, excluding: excluded, evidence: scores)
    }

    func explain(_ movie: MovieID, for user: UserID, stating taste: StatedTaste) -> Explanation? {
        let liked = context.known(taste.liked)
        guard !liked.isEmpty, context.matrix.index(of: user) == nil, let target = context.matrix.index(of: movie) else { return nil }
        var contributions: [(movie: Int, liked: Bool, contribution: Double)] = []
        for (movies, sign) in [(liked, Float(1)), (context.known(taste.disliked), -StatedTaste.dislikeWeight)] {
            for (stated, weight) in movies {
                for neighbour in neighbours.starts[stated]..<neighbours.starts[stated + 1] where Int(neighbours.indices[neighbour]) == target {
                    contributions.append((stated, sign > 0, Double(sign * weight * neighbours.similarities[neighbour])))
                }
            }
        }
        return context.warmExplanation(of: target, for: user, contributions: contributions)
    }

    func scores(for user: UserID, movies: [MovieID]) -> [Double?] {
        let indices = movies.map { context.matrix.index(of: $0) }
        guard let row = context.matrix.index(of: user) else { return context.coldStart.scores(for: user, indices: indices) }
        let scores = denseScores(row: row)
        return indices.map { $0.map { Double(scores[$0]) } }
    }

    func explain(_ movie: MovieID, for user: UserID) -> Explanation {
        let matrix = context.matrix
        guard let row = matrix.index(of: user) else { return context.coldStart.explain(index: matrix.index(of: movie), for: user) }
        guard let target = matrix.index(of: movie) else { return Explanation(reasons: []) }
        var reasons: [Explanation.Reason] = []
        for entry in matrix.rowStarts[row]..<matrix.rowStarts[row + 1] {
            let watched = Int(matrix.columns[entry])
            for neighbour in neighbours.starts[watched]..<neighbours.starts[watched + 1]
            where Int(neighbours.indices[neighbour]) == target {
                let weight = neighbours.similarities[neighbour]
                let contribution = Double(matrix.values[entry] * weight)
                let slug = matrix.movies[watched].slug
                reasons.append(
                    .init(
                        text: "because you watched \(slug) (\(weightName) \(String(format3: weight)))", movie: matrix.movies[watched],
                        contribution: contribution))
            }
        }
        reasons.sort(by: Explanation.Reason.strongerFirst)
        return Explanation(reasons: reasons)
    }
}

extension String {
    /// `value` with three decimals, without Foundation.
    init(format3 value: Float) {
        let scaled = Int((Double(value) * 1000).rounded())
        let sign = scaled < 0 ? "-" : ""
        let magnitude = abs(scaled)
        let fraction = String(magnitude % 1000)
        self = "\(sign)\(magnitude / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }
}
