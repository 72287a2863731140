import MarqueeModels

extension EvaluationSplit {
    /// The training part alone as evaluation data: what a model search may carve its validation split from without
    /// reading the test part.
    public var trainingPart: EvaluationData {
        EvaluationData(interactions: train, runtimes: trainingData.runtimes, users: trainingData.users, genres: trainingData.genres)
    }

    /// A split of ``trainingPart`` by `method`, with this split's feedback rule: the test part is never read.
    /// - Throws: ``EvaluationError`` `.insufficientData` when the training part is too small to split, naming the fix.
    public func validationSplit(method: SplitMethod) throws(EvaluationError) -> EvaluationSplit {
        do {
            return try EvaluationSplit(trainingPart, configuration: SplitConfiguration(method: method, rule: configuration.rule))
        } catch {
            throw EvaluationError(
                error.code, "cannot carve a validation split from the \(train.count) training interactions: \(error.message)", cause: error)
        }
    }
}
