import Foundation
import MarqueeCore
import MarqueeModels

/// A model ready to answer requests: the trained recommender, the history it must exclude, its version, and a
/// precomputed fallback list for answers that must not wait for the model.
///
/// A class, though immutable: every request takes the model it is routed to out of the deployment, and one reference
/// costs one retain where the fields of a struct would cost one each.
public final class ServingModel: Sendable {
    /// How many movies the fallback list holds, so that 20 remain after removing a user's watched movies.
    public static let fallbackLength = 200

    /// The trained model.
    public let recommender: any Recommender
    /// Movies each user watched as far as ingested; never recommended back to them.
    public let watched: [UserID: Set<MovieID>]
    /// The version served, as reported in telemetry and `/metrics`.
    public let version: String
    /// The model's answer for a user without history, computed once when the model is loaded.
    public let fallback: [MovieID]
    /// Answers computed ahead for the model's personalised users, if they were (see ``withPrecomputedLists(threads:)``).
    public let precomputed: PrecomputedLists?
    /// Answers computed ahead for the model's cold-start users, with ``precomputed``.
    let coldStartLists: PrecomputedLists?
    /// The answer, computed ahead with ``precomputed``, of every user the model knows nothing about, when it answers
    /// them all alike (``Recommender/answersStrangersAlike``).
    let strangerList: [MovieID]?
    /// When the model was loaded for serving, in wall-clock seconds since 1970 (its age is an alert).
    public let loadedAt: Double

    /// Creates a serving model and precomputes its fallback list.
    public init(recommender: any Recommender, watched: [UserID: Set<MovieID>], version: String) {
        self.recommender = recommender
        self.watched = watched
        self.version = version
        self.fallback = recommender.recommend(for: .highest, count: Self.fallbackLength, excluding: []).map(\.movie)
        self.precomputed = nil
        self.coldStartLists = nil
        self.strangerList = nil
        self.loadedAt = WallTime.now.secondsSince1970
    }

    private init(
        recommender: any Recommender, watched: [UserID: Set<MovieID>], version: String, fallback: [MovieID], precomputed: PrecomputedLists?,
        coldStartLists: PrecomputedLists?, strangerList: [MovieID]?, loadedAt: Double
    ) {
        self.recommender = recommender
        self.watched = watched
        self.version = version
        self.fallback = fallback
        self.precomputed = precomputed
        self.coldStartLists = coldStartLists
        self.strangerList = strangerList
        self.loadedAt = loadedAt
    }

    /// The same model excluding `watched` instead: what users watched since it was loaded.
    public func excluding(_ watched: [UserID: Set<MovieID>]) -> ServingModel {
        ServingModel(
            recommender: recommender, watched: watched, version: version, fallback: fallback, precomputed: precomputed,
            coldStartLists: coldStartLists, strangerList: strangerList, loadedAt: loadedAt)
    }

    /// The same model with answers computed ahead on `threads` threads for every personalised user, every cold-start
    /// user, and (when the model answers them alike) every user it knows nothing about: seconds to minutes of work, to
    /// be done off the request path (see ``RecommendationService/attach(_:)``). Once `shouldStop` answers `true`, the
    /// users not reached yet get no list (see ``PrecomputedLists``): a caller that stops it drops the result.
    public func withPrecomputedLists(threads: Int, stoppingWhen shouldStop: @Sendable () -> Bool = { false }) -> ServingModel {
        // A model with new-movie places ranks them within the answer's length, so its lists must be exactly one answer
        // long to equal live answers; a movie watched since then sends that user to the model. Other models keep spares.
        let depth = recommender is NewMovieAwareRecommender ? RecommendationService.maximumCount : 30
        let lists = PrecomputedLists(model: recommender, depth: depth, excluding: watched, threads: threads, stoppingWhen: shouldStop)
        let coldStartUsers = recommender.coldStartUsers
        let coldStartLists =
            coldStartUsers.isEmpty
            ? nil
            : PrecomputedLists(
                model: recommender, users: coldStartUsers, depth: depth, excluding: watched, threads: threads, stoppingWhen: shouldStop)
        let strangerList = recommender.answersStrangersAlike ? recommender.recommend(for: .highest, count: depth, excluding: []).map(\.movie) : nil
        return ServingModel(
            recommender: recommender, watched: watched, version: version, fallback: fallback, precomputed: lists, coldStartLists: coldStartLists,
            strangerList: strangerList, loadedAt: loadedAt)
    }

    /// `user`'s answer computed ahead, minus what they watched since and `withheld` (see ``AgeRestriction``); `nil` when
    /// there is none or too few of its movies remain. A personalised user's list comes first; a user without one who
    /// states a taste (`statesTaste`) gets none (their warm start is computed live), else their cold-start list, else the
    /// strangers' list.
    /// `statesTaste` is asked only for a user without a personalised list.
    func precomputedAnswer(
        for user: UserID, count: Int, withholding withheld: Set<MovieID> = [], statesTaste: @autoclosure () -> Bool = false
    ) -> [MovieID]? {
        guard let precomputed else { return nil }
        let excluded = excluded(for: user, withholding: withheld)
        let answer =
            precomputed.answer(for: user, count: count, excluding: excluded)
            ?? (statesTaste()
                ? nil
                : coldStartLists?.answer(for: user, count: count, excluding: excluded)
                    ?? strangerList.map { PrecomputedLists.answer(from: $0, count: count, excluding: excluded) })
        guard let answer, answer.complete else { return nil }
        return answer.movies
    }

    /// What `user` must not be recommended: the movies they watched, and `withheld`.
    func excluded(for user: UserID, withholding withheld: Set<MovieID>) -> Set<MovieID> {
        let watched = self.watched[user] ?? []
        return withheld.isEmpty ? watched : watched.union(withheld)
    }
}
