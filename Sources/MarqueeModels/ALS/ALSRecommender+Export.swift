extension ALSRecommender {
    /// The matrix the model was trained on: users in row order, movies in column order, and each user's trained
    /// movies (`rowStarts`/`columns`, compressed sparse rows), which ``recommend(for:count:excluding:)`` skips.
    ///
    /// Row `u` of ``unpaddedUserFactors`` belongs to `trainingMatrix.users[u]`, and row `m` of
    /// ``unpaddedItemFactors`` to `trainingMatrix.movies[m]`.
    public var trainingMatrix: InteractionMatrix { model.context.matrix }

    /// Number of latent factors per user and per movie.
    public var factorCount: Int { model.users.factors }

    /// The user factors without padding: `trainingMatrix.userCount × factorCount` floats, row-major.
    public var unpaddedUserFactors: [Float] { model.users.unpadded }

    /// The movie factors without padding: `trainingMatrix.movieCount × factorCount` floats, row-major.
    public var unpaddedItemFactors: [Float] { model.items.unpadded }
}
