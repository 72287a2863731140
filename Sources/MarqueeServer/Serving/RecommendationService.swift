import Dispatch
import Foundation
import MarqueeCore
import MarqueeLifecycle
import MarqueeModels
import Synchronization

/// Answers recommendation requests from the deployed models; deployments switch atomically.
///
/// Each user is routed by a stable hash: first to a canary, for a configurable share of users; otherwise, while an A/B
/// experiment runs, to its control or treatment arm; otherwise to the production model. The hot path takes a lock only to pick the route and model, so a swap never waits for requests in flight and
/// requests in flight finish on the model they started with. An answer that the model cannot produce within the
/// deadline is taken from the model's precomputed fallback list instead: poor recommendations beat slow ones.
///
/// Every answer obeys the ``AgeRestriction`` (users under 18 never get an adult movie, SPEC.md §4) on every path:
/// the withheld movies are excluded from the precomputed lookup, the model (live, cold start, warm start, exploration)
/// and the fallback list alike, so each fills its list to full length without them; and each answer then passes one
/// last check, `enforcing(_:on:for:model:)`, before it is returned. See docs/safety.md.
public final class RecommendationService: Sendable {
    /// The most movies one answer contains (SPEC.md §3).
    public static let maximumCount = 20
    /// The most earlier production models kept for rollback.
    public static let historyLimit = 5

    /// How long the model may take before the fallback answers.
    public let deadline: Duration
    /// The most live computations running or waiting at once; an answer that would need one more comes from the
    /// fallback list at once (it is shed), so a burst never builds a backlog.
    public let liveComputationLimit: Int
    private let liveComputations = Atomic<Int>(0)
    private let shed = Atomic<Int>(0)
    private let skippedLate = Atomic<Int>(0)
    private let deployment: Mutex<Deployment>
    private let statedTastes = Mutex<[UserID: StatedTaste]>([:])
    let ageRestriction = Mutex(AgeRestriction())
    let restrictionInterventions = Atomic<Int>(0)
    private let answered = Atomic<Int>(0)
    private let fallbacks = Atomic<Int>(0)

    /// What serves whom.
    public struct Deployment: Sendable {
        /// The model most users get.
        public var production: ServingModel
        /// The model a share of users get while it is being tried, if any.
        public var canary: ServingModel?
        /// The share of users routed to the canary, in [0, 1].
        public var canaryShare: Double
        /// The canary's users: a stable hash salted with the canary's version, so each canary tries a fresh sample.
        var canaryBucket = UserBucket(name: "canary")
        /// Production models served before, oldest first, for rollback.
        public var history: [ServingModel]
        /// The A/B experiment every user outside the canary takes part in, if any.
        public var experiment: Experiment?
    }

    /// An A/B test: users are split by a stable hash salted with the experiment's name, so each user stays in one arm
    /// for the whole experiment and different experiments split independently.
    public struct Experiment: Sendable {
        /// The experiment's name, part of the route of every answer: `ab:<name>:control`, `ab:<name>:treatment`.
        public var name: String
        /// The model of the control arm (usually the production model).
        public var control: ServingModel
        /// The model of the treatment arm.
        public var treatment: ServingModel
        /// The share of the experiment's users in the treatment arm, in [0, 1].
        public var treatmentShare: Double
        let bucket: UserBucket

        /// Creates an experiment; `treatmentShare` is clamped to [0, 1].
        public init(name: String, control: ServingModel, treatment: ServingModel, treatmentShare: Double) {
            self.name = name
            self.control = control
            self.treatment = treatment
            self.treatmentShare = min(1, max(0, treatmentShare))
            self.bucket = UserBucket(name: "experiment:" + name)
        }

        /// The route and model of `user` in this experiment.
        public func arm(of user: UserID) -> (route: Route, model: ServingModel) {
            bucket.position(of: user) < treatmentShare
                ? (.experiment(name, arm: .treatment), treatment) : (.experiment(name, arm: .control), control)
        }
    }

    /// Creates a service serving `model` to everyone.
    /// - Parameters:
    ///   - deadline: how long the model may take before the fallback list answers (default 300 ms).
    ///   - liveComputationLimit: the most live computations in flight (default ``defaultLiveComputationLimit``); at
    ///     least 1.
    ///   - computeQueue: where live computations run (default: a concurrent queue all services share).
    public init(
        model: ServingModel, deadline: Duration = .milliseconds(300), liveComputationLimit: Int = defaultLiveComputationLimit,
        computeQueue: DispatchQueue = RecommendationService.sharedComputeQueue
    ) {
        self.deployment = Mutex(Deployment(production: model, canary: nil, canaryShare: 0, history: [], experiment: nil))
        self.deadline = deadline
        self.liveComputationLimit = max(1, liveComputationLimit)
        self.computeQueue = computeQueue
    }

    /// 32 live computations per core: with answers of about a millisecond, the last in line waits tens of milliseconds,
    /// well within the deadline, so a load one replica can answer live is never shed, while a burst beyond it is answered
    /// from the fallback list instead of queueing past the deadline.
    public static var defaultLiveComputationLimit: Int { 32 * ProcessInfo.processInfo.activeProcessorCount }

    /// The production model.
    public var model: ServingModel { deployment.withLock { $0.production } }

    /// The whole deployment now.
    public var current: Deployment { deployment.withLock { $0 } }

    /// Production models served before the current one, oldest first.
    public var history: [ServingModel] { deployment.withLock { $0.history } }

    /// Makes `model` the production model; the replaced one is kept for ``rollback()``.
    public func deploy(_ model: ServingModel) {
        deployment.withLock { deployment in
            deployment.history.append(deployment.production)
            if deployment.history.count > Self.historyLimit { deployment.history.removeFirst() }
            deployment.production = model
        }
    }

    /// Serves the production model deployed before the current one again; `nil` when there is none.
    public func rollback() -> ServingModel? {
        deployment.withLock { deployment -> ServingModel? in
            guard let restored = deployment.history.popLast() else { return nil }
            deployment.production = restored
            return restored
        }
    }

    /// Routes `share` of users (by stable hash) to `model` as a canary; `nil` removes the canary.
    public func setCanary(_ model: ServingModel?, share: Double) {
        deployment.withLock { deployment in
            deployment.canary = model
            deployment.canaryShare = model == nil ? 0 : min(1, max(0, share))
            deployment.canaryBucket = UserBucket(name: "canary:" + (model?.version ?? ""))
        }
    }

    /// Changes the canary's share of users; `false` when there is no canary.
    public func setCanaryShare(_ share: Double) -> Bool {
        deployment.withLock { deployment in
            guard deployment.canary != nil else { return false }
            deployment.canaryShare = min(1, max(0, share))
            return true
        }
    }

    /// Makes the canary the production model for everyone; `nil` when there is no canary.
    public func promoteCanary() -> ServingModel? {
        guard
            let canary = deployment.withLock({ deployment -> ServingModel? in
                let canary = deployment.canary
                deployment.canary = nil
                deployment.canaryShare = 0
                return canary
            })
        else { return nil }
        deploy(canary)
        return canary
    }

    /// Makes every deployed model (production, canary, experiment arms, history) exclude `watched` from now on, e.g.
    /// after new events were ingested. Requests in flight finish with the sets they started with.
    public func updateWatched(_ watched: [UserID: Set<MovieID>]) {
        deployment.withLock { deployment in
            deployment.production = deployment.production.excluding(watched)
            deployment.canary = deployment.canary?.excluding(watched)
            deployment.history = deployment.history.map { $0.excluding(watched) }
            if var experiment = deployment.experiment {
                experiment.control = experiment.control.excluding(watched)
                experiment.treatment = experiment.treatment.excluding(watched)
                deployment.experiment = experiment
            }
        }
    }

    /// Adds `newlyWatched` to what every deployed model leaves out, and drops the sets of `forgotten` users (erased
    /// since): what users watched since the last update, e.g. from each batch the ingest stored, so that no model's
    /// watched sets are reloaded from the whole history. The sets are built outside the lock, from production's, and
    /// given to every model, as ``updateWatched(_:)`` does; nothing changes when there is nothing to add or drop.
    public func addWatched(_ newlyWatched: [UserID: Set<MovieID>], forgetting forgotten: [UserID] = []) {
        var watched = deployment.withLock { $0.production.watched }
        let erased = forgotten.filter { watched[$0] != nil || newlyWatched[$0] != nil }
        guard !newlyWatched.isEmpty || !erased.isEmpty else { return }
        for (user, movies) in newlyWatched { watched[user, default: []].formUnion(movies) }
        for user in erased { watched[user] = nil }
        updateWatched(watched)
    }

    /// Gives every deployed model the stated tastes of users who described themselves at sign-up (see
    /// ``StatedTasteIndex``): a user a model has no history for gets that model's warm start from them instead of
    /// the cold start.
    public func updateStatedTastes(_ tastes: [UserID: StatedTaste]) {
        statedTastes.withLock { $0 = tastes }
    }

    /// The stated taste of `user`, if they described themselves and named a catalogue movie.
    public func statedTaste(of user: UserID) -> StatedTaste? {
        statedTastes.withLock { $0[user] }
    }

    /// Starts `experiment` for every user outside the canary, replacing any running one (returned).
    @discardableResult
    public func startExperiment(_ experiment: Experiment) -> Experiment? {
        deployment.withLock { deployment in
            defer { deployment.experiment = experiment }
            return deployment.experiment
        }
    }

    /// Ends the running experiment (returned; `nil` when none ran): its users get the production model again.
    @discardableResult
    public func stopExperiment() -> Experiment? {
        deployment.withLock { deployment in
            defer { deployment.experiment = nil }
            return deployment.experiment
        }
    }

    /// The route and model `user` gets now.
    public func route(for user: UserID) -> (route: Route, model: ServingModel) {
        // Decided under the lock, so that only the chosen model is copied out (not the whole deployment).
        deployment.withLock { deployment in
            if let canary = deployment.canary, deployment.canaryBucket.position(of: user) < deployment.canaryShare {
                return (.canary, canary)
            }
            if let experiment = deployment.experiment { return experiment.arm(of: user) }
            return (.production, deployment.production)
        }
    }

    /// Number of requests answered since the service started.
    public var answeredCount: Int { answered.load(ordering: .relaxed) }

    /// Number of answers that came from the fallback list because the model missed the deadline or was shed.
    public var fallbackCount: Int { fallbacks.load(ordering: .relaxed) }

    /// Number of answers shed: given from the fallback list at once because ``liveComputationLimit`` computations
    /// were in flight.
    public var shedCount: Int { shed.load(ordering: .relaxed) }

    /// Number of live computations never started because their deadline had passed while they waited for a thread.
    public var skippedLateCount: Int { skippedLate.load(ordering: .relaxed) }

    /// Live computations running or waiting for a thread now.
    public var liveComputationsInFlight: Int { liveComputations.load(ordering: .relaxed) }

    /// Replaces the deployed model of `model`'s version (production, canary or an experiment arm) by `model`, e.g.
    /// the same model with precomputed lists; `false` when that version no longer serves.
    @discardableResult
    public func attach(_ model: ServingModel) -> Bool {
        deployment.withLock { deployment in
            var attached = false
            if deployment.production.version == model.version {
                deployment.production = model.excluding(deployment.production.watched)
                attached = true
            }
            if let canary = deployment.canary, canary.version == model.version {
                deployment.canary = model.excluding(canary.watched)
                attached = true
            }
            if var experiment = deployment.experiment {
                if experiment.control.version == model.version { experiment.control = model.excluding(experiment.control.watched) }
                if experiment.treatment.version == model.version { experiment.treatment = model.excluding(experiment.treatment.watched) }
                attached = attached || experiment.control.version == model.version || experiment.treatment.version == model.version
                deployment.experiment = experiment
            }
            return attached
        }
    }

    /// Up to ``maximumCount`` movies for `user`, best first, none of them already watched by the user: from the
    /// precomputed lists when the model has one for the user (a lookup, no deadline needed), else from the model if it
    /// answers within ``deadline``, and from the fallback list otherwise.
    public func answer(for user: UserID) async -> Answer {
        let (route, model) = self.route(for: user)
        let restriction = currentAgeRestriction
        if let answer = precomputedAnswer(for: user, route: route, model: model, restriction: restriction) {
            answered.add(1, ordering: .relaxed)
            return answer
        }
        let withheld = restriction.withheld(from: user)
        guard liveComputations.add(1, ordering: .relaxed).newValue <= liveComputationLimit else {
            liveComputations.subtract(1, ordering: .relaxed)
            let movies = Self.fallback(model, for: user, withholding: withheld)
            let answer = Answer(movies: movies, modelVersion: model.version, route: route, usedFallback: true, shed: true)
            answered.add(1, ordering: .relaxed)
            fallbacks.add(1, ordering: .relaxed)
            shed.add(1, ordering: .relaxed)
            return enforcing(restriction, on: answer, for: user, model: model)
        }
        let race = AnswerRace()
        // The model's work is CPU-bound and cannot be interrupted. It runs on a dispatch queue, and the deadline on a
        // queue of its own, so that neither needs a free thread of Swift's cooperative pool: when every thread is
        // busy computing, the deadline still fires and the fallback answers. A computation whose deadline passed
        // before it started is skipped; a late model result is dropped. Either way its slot is freed when it ends.
        let taste = statedTaste(of: user)
        computeQueue.async { [self] in
            defer { liveComputations.subtract(1, ordering: .relaxed) }
            guard !race.isFinished else {
                skippedLate.add(1, ordering: .relaxed)
                return
            }
            let movies = Self.compute(model, for: user, stating: taste, withholding: withheld)
            race.finish(with: Answer(movies: movies, modelVersion: model.version, route: route, usedFallback: false))
        }
        let timer = DispatchWorkItem {
            race.finish(
                with: Answer(
                    movies: Self.fallback(model, for: user, withholding: withheld), modelVersion: model.version, route: route, usedFallback: true))
        }
        Self.deadlineQueue.asyncAfter(deadline: .now() + .nanoseconds(Int(deadline.wholeNanoseconds)), execute: timer)
        let answer = enforcing(restriction, on: await race.value, for: user, model: model)
        timer.cancel()
        answered.add(1, ordering: .relaxed)
        if answer.usedFallback { fallbacks.add(1, ordering: .relaxed) }
        return answer
    }

    /// `user`'s answer when it is a lookup in the precomputed lists of the model the user is routed to, else `nil`
    /// (the answer then needs ``answer(for:)``): what the server answers on its event loop, without a task. Not
    /// counted in ``answeredCount`` until given, with ``recordAnswered()``.
    public func precomputedAnswer(for user: UserID) -> Answer? {
        let (route, model) = self.route(for: user)
        return precomputedAnswer(for: user, route: route, model: model, restriction: currentAgeRestriction)
    }

    /// Counts an answer of ``precomputedAnswer(for:)`` that was given.
    public func recordAnswered() { answered.add(1, ordering: .relaxed) }

    /// The precomputed lists were computed without the restriction (they are per model, the restriction changes with
    /// the records), so it applies at lookup: the withheld movies are skipped like watched ones, and a list with fewer
    /// than ``maximumCount`` movies left answers `nil`, sending the user to the model, which excludes them too.
    private func precomputedAnswer(for user: UserID, route: Route, model: ServingModel, restriction: AgeRestriction) -> Answer? {
        let withheld = restriction.withheld(from: user)
        guard
            let movies = model.precomputedAnswer(
                for: user, count: Self.maximumCount, withholding: withheld, statesTaste: statedTaste(of: user) != nil)
        else { return nil }
        return enforcing(
            restriction, on: Answer(movies: movies, modelVersion: model.version, route: route, usedFallback: false), for: user, model: model)
    }

    /// The model's answer for `user`, computed synchronously without a deadline.
    public func recommendations(for user: UserID) -> [MovieID] {
        answered.add(1, ordering: .relaxed)
        let (route, model) = self.route(for: user)
        let restriction = currentAgeRestriction
        let movies = Self.compute(model, for: user, stating: statedTaste(of: user), withholding: restriction.withheld(from: user))
        return enforcing(
            restriction, on: Answer(movies: movies, modelVersion: model.version, route: route, usedFallback: false), for: user, model: model
        )
        .movies
    }

    /// Where model computations run unless a service is given its own queue.
    public static let sharedComputeQueue = DispatchQueue(label: "marquee.recommend", qos: .userInitiated, attributes: .concurrent)
    private let computeQueue: DispatchQueue
    /// Where deadlines fire: a serial queue of its own, so a deadline is never stuck behind computations.
    private static let deadlineQueue = DispatchQueue(label: "marquee.deadline", qos: .userInteractive)

    /// The model's answer; its warm start when the user stated a taste and the model has no history for them.
    private static func compute(_ model: ServingModel, for user: UserID, stating taste: StatedTaste?, withholding withheld: Set<MovieID>) -> [MovieID]
    {
        let excluded = model.excluded(for: user, withholding: withheld)
        return model.recommender.recommend(for: user, count: maximumCount, excluding: excluded, statedTaste: taste).map(\.movie)
    }

    private static func fallback(_ model: ServingModel, for user: UserID, withholding withheld: Set<MovieID>) -> [MovieID] {
        let excluded = model.excluded(for: user, withholding: withheld)
        return Array(model.fallback.lazy.filter { !excluded.contains($0) }.prefix(maximumCount))
    }
}
