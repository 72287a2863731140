import MarqueeCore
import MarqueeModels
import Synchronization

/// The hard safety filter of every answer (SPEC.md §4, docs/safety.md).
extension RecommendationService {
    /// Applies `restriction` to every answer from now on (see ``AgeRestriction``).
    public func updateAgeRestriction(_ restriction: AgeRestriction) {
        ageRestriction.withLock { $0 = restriction }
    }

    /// The age restriction every answer obeys now.
    public var currentAgeRestriction: AgeRestriction { ageRestriction.withLock { $0 } }

    /// Number of answers the last check had to correct because a path still produced a withheld movie: always 0 unless a
    /// model breaks the `excluding` contract of ``Recommender``.
    public var ageRestrictionInterventionCount: Int { restrictionInterventions.load(ordering: .relaxed) }

    /// The last check of every answer: removes any movie `restriction` does not permit `user` and refills the answer to
    /// ``maximumCount`` from the model's fallback list (skipping watched, withheld and listed movies). The paths before
    /// it already exclude withheld movies, so this changes an answer only when a model breaks that contract; it is
    /// counted in ``ageRestrictionInterventionCount``.
    func enforcing(_ restriction: AgeRestriction, on answer: Answer, for user: UserID, model: ServingModel) -> Answer {
        guard restriction.restricts(user), answer.movies.contains(where: { !restriction.permits($0, for: user) }) else { return answer }
        restrictionInterventions.add(1, ordering: .relaxed)
        var corrected = answer
        corrected.movies = answer.movies.filter { restriction.permits($0, for: user) }
        var listed = Set(corrected.movies)
        let watched = model.watched[user] ?? []
        for movie in model.fallback where corrected.movies.count < Self.maximumCount {
            guard restriction.permits(movie, for: user), !watched.contains(movie), listed.insert(movie).inserted else { continue }
            corrected.movies.append(movie)
        }
        return corrected
    }
}
