import MarqueeCore

/// A model with the new-movie cold start: the model's own list, with up to ``slots`` places given to the new movies
/// it would rate highest (see ``NewMovieColdStart``).
///
/// New movies have no interactions, so no model can rank them on evidence; reserving a few places gives them exposure
/// (and so the data the next training needs) while the rest of the list stays the model's. The chosen new movies are
/// merged by their estimated score: usually at the end of the list, higher when the user's estimate is high.
public struct NewMovieAwareRecommender: Recommender {
    /// The trained model.
    public let base: any Recommender
    /// The new movies and their genre peers.
    public let newMovies: NewMovieColdStart
    /// The most places in one list that go to new movies.
    public let slots: Int

    /// Wraps `base`; `slots` is clamped to `0...20`.
    public init(base: any Recommender, newMovies: NewMovieColdStart, slots: Int) {
        self.base = base
        self.newMovies = newMovies
        self.slots = min(max(slots, 0), 20)
    }

    public var personalisedUsers: [UserID] { base.personalisedUsers }

    public var coldStartUsers: [UserID] { base.coldStartUsers }

    /// The new movies' estimates for a stranger come from the base model's scores for strangers.
    public var answersStrangersAlike: Bool { base.answersStrangersAlike }

    public var descriptor: ModelDescriptor {
        var descriptor = base.descriptor
        descriptor.hyperparameters["new_movie_slots"] = String(slots)
        descriptor.movieCount += newMovies.movies.count
        descriptor.memoryBytes += newMovies.memoryBytes
        return descriptor
    }

    public func recommend(for user: UserID, count: Int, excluding excluded: Set<MovieID>) -> [ScoredMovie] {
        let known = base.recommend(for: user, count: count, excluding: excluded)
        let reserved = min(slots, count)
        guard reserved > 0 else { return known }
        let candidates = newMovies.indices(excluding: excluded)
        let estimates = newMovies.estimates(for: user, indices: candidates, from: base)
        let chosen = Self.best(reserved, of: candidates, estimated: estimates).map { ScoredMovie(movie: newMovies.movies[$0.index], score: $0.score) }
        let kept = known.prefix(count - chosen.count)
        return (kept + chosen).sorted { $0.score != $1.score ? $0.score > $1.score : $0.movie < $1.movie }
    }

    /// The `count` best-estimated of `candidates` (ascending positions in the new movies, so in slug order), best first,
    /// ties to the earlier position: the order of sorting them all, without sorting them all (thousands of new movies
    /// for a model trained on little data, for at most 20 places).
    static func best(_ count: Int, of candidates: [Int], estimated estimates: [Double?]) -> [(index: Int, score: Double)] {
        var best: [(index: Int, score: Double)] = []
        best.reserveCapacity(count + 1)
        func ranksBefore(_ score: Double, _ index: Int, _ other: (index: Int, score: Double)) -> Bool {
            score != other.score ? score > other.score : index < other.index
        }
        for (index, estimate) in zip(candidates, estimates) {
            guard let score = estimate, count > 0 else { continue }
            if best.count == count, let last = best.last, !ranksBefore(score, index, last) { continue }
            let position = best.firstIndex { ranksBefore(score, index, $0) } ?? best.count
            best.insert((index, score), at: position)
            if best.count > count { best.removeLast() }
        }
        return best
    }

    /// The base model's warm start; new movies get no places in it, since their estimates need a history.
    public func recommend(for user: UserID, stating taste: StatedTaste, count: Int, excluding excluded: Set<MovieID>) -> [ScoredMovie]? {
        base.recommend(for: user, stating: taste, count: count, excluding: excluded)
    }

    public func scores(for user: UserID, movies: [MovieID]) -> [Double?] {
        var scores = base.scores(for: user, movies: movies)
        let unknown = scores.indices.compactMap { position in
            scores[position] == nil ? newMovies.index(of: movies[position]).map { (position, $0) } : nil
        }
        guard !unknown.isEmpty else { return scores }
        let estimates = newMovies.estimates(for: user, indices: unknown.map(\.1), from: base)
        for ((position, _), estimate) in zip(unknown, estimates) { scores[position] = estimate }
        return scores
    }

    public func explain(_ movie: MovieID, for user: UserID, stating taste: StatedTaste) -> Explanation? {
        base.explain(movie, for: user, stating: taste)
    }

    public func explain(_ movie: MovieID, for user: UserID) -> Explanation {
        guard let index = newMovies.index(of: movie), base.scores(for: user, movies: [movie]).first == .some(nil) else {
            return base.explain(movie, for: user)
        }
        let peers = newMovies.peers(of: index)
        let scores = base.scores(for: user, movies: peers.map(\.movie))
        let totalWeight = zip(peers, scores).reduce(0.0) { total, pair in total + (pair.1 == nil ? 0 : Double(pair.0.weight)) }
        guard totalWeight > 0 else { return Explanation(reasons: []) }
        var reasons: [Explanation.Reason] = []
        for (peer, score) in zip(peers, scores) {
            guard let score else { continue }
            reasons.append(
                .init(
                    text: "new movie, similar in genre to \(peer.movie.slug)", movie: peer.movie,
                    contribution: Double(peer.weight) * score / totalWeight))
        }
        reasons.sort(by: Explanation.Reason.strongerFirst)
        return Explanation(reasons: Array(reasons.prefix(10)))
    }
}

/// Trains a model and gives it the new-movie cold start when the training data's catalogue has new movies.
public struct NewMovieColdStartTrainer: RecommenderTrainer {
    /// The default number of places per list for new movies.
    public static let defaultSlots = 2

    /// The trainer of the underlying model.
    public let base: any RecommenderTrainer
    /// Places per list for new movies; 0 turns the cold start off.
    public let slots: Int

    /// Wraps `base`.
    public init(base: any RecommenderTrainer, slots: Int = defaultSlots) {
        self.base = base
        self.slots = slots
    }

    public var kind: String { base.kind }

    /// Trains the underlying model on `data`, then finds the catalogue's new movies and their genre peers.
    /// - Throws: what the underlying trainer throws.
    public func train(on data: TrainingData) throws(ModelError) -> any Recommender {
        let model = try base.train(on: data)
        guard slots > 0, !data.genres.isEmpty else { return model }
        let catalogue = Array(data.genres.keys)
        let probe = data.interactions.first?.user ?? UserID.highest
        let known = Set(zip(catalogue, model.scores(for: probe, movies: catalogue)).compactMap { $0.1 == nil ? nil : $0.0 })
        let newMovies = NewMovieColdStart(data: data, known: known)
        return newMovies.isEmpty ? model : NewMovieAwareRecommender(base: model, newMovies: newMovies, slots: slots)
    }
}
