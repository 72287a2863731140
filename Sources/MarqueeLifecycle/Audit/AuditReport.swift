import MarqueeCore
import MarqueeEvaluation
import MarqueeQuality
import MarqueeStore

/// Whom the service serves worse, which loops it feeds, and who attacks it: measured from the store's telemetry, log
/// and interactions (`marquee audit`).
public struct AuditReport: Sendable, Encodable {
    /// Fairness to users and to movies.
    public struct Fairness: Sendable, Encodable {
        /// Online quality per demographic group, with the gaps.
        public var users: UserFairness
        /// How recommendations spread over the catalogue.
        public var exposure: ExposureFairness
    }

    /// Security findings with the measured effect of the defence.
    public struct Security: Sendable, Encodable {
        public var shilling: ShillingReport
        /// Each targeted movie's exposure with and without the defence (item-kNN trained on the store's interactions).
        public var defence: ShillingDefenceEffect?

        enum CodingKeys: String, CodingKey {
            case defence, suspiciousAccounts, targetedMovies
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(shilling.suspiciousAccounts.map(\.rawValue), forKey: .suspiciousAccounts)
            try container.encode(shilling.targeted, forKey: .targetedMovies)
            try container.encodeIfPresent(defence, forKey: .defence)
        }
    }

    /// The event time covered, from the first to the last event read.
    public var from: String?
    public var to: String?
    /// Answers measured (logged requests joined with the server's telemetry).
    public var answers: Int
    public var fairness: Fairness
    public var feedbackLoops: FeedbackLoops
    public var security: Security
}

/// Builds the ``AuditReport`` from a store.
public struct Auditor: Sendable {
    public let store: any EventStore & TelemetryStore
    public let detector: ShillingDetector
    public let configuration: OnlineEvaluationConfiguration

    /// Creates an auditor.
    public init(
        store: any EventStore & TelemetryStore, detector: ShillingDetector = .init(), configuration: OnlineEvaluationConfiguration = .init()
    ) {
        self.store = store
        self.detector = detector
        self.configuration = configuration
    }

    /// Fairness alone, over the events and answers since `start`: what the monitor exports.
    /// - Throws: `StoreError` when the store fails; `EvaluationError` for a bad configuration.
    public func fairness(since start: EventTime?) async throws -> AuditReport.Fairness {
        let inputs = try await AuditInputs.load(from: store, since: start)
        return try inputs.fairness(configuration: configuration)
    }

    /// The audit of the events and answers since `start` (everything when `nil`).
    /// - Throws: `StoreError` when the store fails; `EvaluationError` or `ModelError` when a measure cannot be made.
    public func report(since start: EventTime? = nil) async throws -> AuditReport {
        let inputs = try await AuditInputs.load(from: store, since: start)
        let loops = FeedbackLoops.measure(
            answers: inputs.answers, events: inputs.events, catalogue: inputs.catalogue.map(\.id), genres: inputs.genres)
        let interactions = try await store.interactions()
        let rated = interactions.map { RatedInteraction(user: $0.user, movie: $0.movie, rating: $0.latestRating, time: $0.lastTime) }
        let shilling = detector.detect(rated, maximumRating: rated.compactMap(\.rating).max() ?? 5)
        var defence: ShillingDefenceEffect?
        if !shilling.targeted.isEmpty {
            defence = try ShillingDefenceEffect.measure(
                data: try await TrainingDataLoader(store: store).evaluationData(of: interactions), report: shilling)
        }
        return AuditReport(
            from: inputs.events.first?.time.description, to: inputs.events.last?.time.description, answers: inputs.answers.count,
            fairness: try inputs.fairness(configuration: configuration), feedbackLoops: loops, security: .init(shilling: shilling, defence: defence))
    }
}

/// What the audit reads from a store.
struct AuditInputs {
    var answers: [ServedRecommendation]
    var events: [Event]
    var catalogue: [Movie]
    var users: [UserID: User] = [:]
    var runtimes: [MovieID: Int] = [:]
    var genres: [MovieID: [String]] = [:]

    static func load(from store: any EventStore & TelemetryStore, since start: EventTime?) async throws -> AuditInputs {
        var inputs = AuditInputs(
            answers: try await ServedAnswers.load(from: store, since: start), events: try await store.activity(since: start),
            catalogue: try await store.movies())
        for user in try await store.users() { inputs.users[user.id] = user }
        inputs.runtimes = inputs.catalogue.runtimesByID
        inputs.genres = inputs.catalogue.genreNamesByID
        return inputs
    }

    func fairness(configuration: OnlineEvaluationConfiguration) throws -> AuditReport.Fairness {
        var watchers: [MovieID: Set<UserID>] = [:]
        for event in events { if case .watch(let movie, _) = event.kind { watchers[movie, default: []].insert(event.user) } }
        return AuditReport.Fairness(
            users: try UserFairness.measure(answers: answers, events: events, users: users, runtimes: runtimes, configuration: configuration),
            exposure: ExposureFairness.measure(recommended: answers.map(\.movies), catalogue: catalogue, watched: watchers.mapValues(\.count)))
    }
}
