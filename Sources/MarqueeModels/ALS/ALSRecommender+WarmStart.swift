import MarqueeCore

extension ALSRecommender {
    /// The warm start by fold-in: the user vector that least-squares fits the stated taste against the fixed movie
    /// factors, exactly as a training step would for a user with that history. A liked movie is a preference of 1 with
    /// confidence `1 + α · c` (c its match confidence); a disliked movie a preference of 0 with confidence
    /// `1 + α · c · ` ``StatedTaste/dislikeWeight``, which pulls the vector away from it. The vector's score of each
    /// movie is the evidence that weighs the cold start's prior (see `UserContext.warmAnswer`).
    public func recommend(for user: UserID, stating taste: StatedTaste, count: Int, excluding excluded: Set<MovieID>) -> [ScoredMovie]? {
        let context = model.context
        let liked = context.known(taste.liked)
        guard count > 0, !liked.isEmpty, context.matrix.index(of: user) == nil else { return nil }
        let alpha = Double(configuration.alpha)
        let disliked = context.known(taste.disliked)
        let w = weightedGram(
            adding: liked.map { ($0.index, alpha * Double($0.weight)) }
                + disliked.map { ($0.index, alpha * Double($0.weight * StatedTaste.dislikeWeight)) })
        let (stride, factors, items) = (model.items.stride, model.items.factors, model.items.storage)
        var b = [Double](repeating: 0, count: factors)
        for (index, weight) in liked {
            let confidence = 1 + alpha * Double(weight)
            for factor in 0..<factors { b[factor] += confidence * Double(items[index * stride + factor]) }
        }
        guard let solved = Cholesky(w, size: factors)?.solve(b) else { return nil }
        var vector = [Float](repeating: 0, count: stride)
        for factor in 0..<factors { vector[factor] = Float(solved[factor]) }
        let evidence = vector.withUnsafeBufferPointer { userBuffer in
            items.withUnsafeBufferPointer { itemBuffer -> [Float] in
                guard let userBase = userBuffer.baseAddress, let itemBase = itemBuffer.baseAddress else { return [] }
                return (0..<context.matrix.movieCount).map { VectorKernels.dot(userBase, itemBase + $0 * stride, count: stride) }
            }
        }
        return context.warmAnswer(for: user, taste: taste, count: count, excluding: excluded, evidence: evidence)
    }

    /// The fold-in's score of `movie` split exactly into one term per liked movie, `cᵢ · yⱼᵀ W⁻¹ yᵢ`, as for a user
    /// with history (disliked movies shape `W` but, with preference 0, add no term).
    public func explain(_ movie: MovieID, for user: UserID, stating taste: StatedTaste) -> Explanation? {
        let context = model.context
        let liked = context.known(taste.liked)
        guard !liked.isEmpty, context.matrix.index(of: user) == nil, let target = context.matrix.index(of: movie) else { return nil }
        let alpha = Double(configuration.alpha)
        let w = weightedGram(
            adding: liked.map { ($0.index, alpha * Double($0.weight)) }
                + context.known(taste.disliked).map { ($0.index, alpha * Double($0.weight * StatedTaste.dislikeWeight)) })
        let (stride, factors, items) = (model.items.stride, model.items.factors, model.items.storage)
        guard let solved = Cholesky(w, size: factors)?.solve((0..<factors).map { Double(items[target * stride + $0]) }) else { return nil }
        let contributions = liked.map { index, weight -> (movie: Int, liked: Bool, contribution: Double) in
            var similarity = 0.0
            for factor in 0..<factors { similarity += solved[factor] * Double(items[index * stride + factor]) }
            return (index, true, (1 + alpha * Double(weight)) * similarity)
        }
        return context.warmExplanation(of: target, for: user, contributions: contributions)
    }
}
