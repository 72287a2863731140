import MarqueeCore

/// Which events a training snapshot holds: every watch and rate event with an event time up to ``eventTimeTo`` that
/// was stored in a batch numbered up to ``throughBatch``. Events are never deleted and batches are numbered in the
/// order they were stored, so the same bounds always select the same events: the snapshot's reproducible definition.
public struct SnapshotBounds: Hashable, Sendable {
    /// The latest event time included.
    public var eventTimeTo: EventTime
    /// The last ingest batch included (events stored later, even with an earlier time, are not).
    public var throughBatch: Int64

    /// Creates bounds.
    public init(eventTimeTo: EventTime, throughBatch: Int64) {
        self.eventTimeTo = eventTimeTo
        self.throughBatch = throughBatch
    }
}

/// A registered training data snapshot.
public struct SnapshotRecord: Hashable, Sendable {
    /// The snapshot's id, e.g. `s-20260122-3f2a9c1b` (creation day and the start of the content hash).
    public var id: String
    /// When it was taken (wall time).
    public var createdAt: WallTime
    /// Its definition.
    public var bounds: SnapshotBounds
    /// The earliest and latest event time of the events it holds (`nil` when empty).
    public var eventTimeFrom: EventTime?
    public var eventTimeLast: EventTime?
    /// Number of (user, movie) interactions.
    public var rows: Int
    /// SHA-256 (hex) of the interactions in canonical order.
    public var contentHash: String
    /// Where each source's ingest stood when the snapshot was taken: `source#partition` → offset.
    public var sourceOffsets: [String: Int64]

    /// Creates a record.
    public init(
        id: String, createdAt: WallTime, bounds: SnapshotBounds, eventTimeFrom: EventTime?, eventTimeLast: EventTime?, rows: Int,
        contentHash: String, sourceOffsets: [String: Int64] = [:]
    ) {
        self.id = id
        self.createdAt = createdAt
        self.bounds = bounds
        self.eventTimeFrom = eventTimeFrom
        self.eventTimeLast = eventTimeLast
        self.rows = rows
        self.contentHash = contentHash
        self.sourceOffsets = sourceOffsets
    }
}

/// The stages of a model version's life.
public enum ModelStage: String, Hashable, Sendable, Codable, CaseIterable {
    /// Trained and registered, not serving.
    case candidate
    /// Serving a small share of users while it is compared with production.
    case canary
    /// Serving everyone (outside experiments).
    case production
    /// No longer serving.
    case retired
    /// Refused by a gate or rolled back; never served to everyone.
    case rejected
}

/// One change of a model version's stage, with its reason.
public struct StageChange: Hashable, Sendable {
    public var stage: ModelStage
    /// When the stage changed (wall time).
    public var at: WallTime
    /// The event time of the service when it happened, when known (simulated runs).
    public var eventTime: EventTime?
    /// Why, with the evidence.
    public var reason: String
    /// The share of users a ``ModelStage/canary`` serves from this change on, in [0, 1]; `nil` for the other stages.
    /// A canary's share changes by a further `.canary` change with the new share, so the history shows every share.
    public var share: Double?

    /// Creates a change.
    public init(stage: ModelStage, at: WallTime, eventTime: EventTime? = nil, reason: String, share: Double? = nil) {
        self.stage = stage
        self.at = at
        self.eventTime = eventTime
        self.reason = reason
        self.share = share
    }
}

/// A registered model version and its provenance.
public struct ModelVersionRecord: Hashable, Sendable {
    /// The version id, e.g. `v3-als`; also the artifact's file name without `.mqm`.
    public var version: String
    /// When the version was registered (wall time).
    public var createdAt: WallTime
    /// Model kind and hyperparameters.
    public var kind: String
    public var hyperparameters: [String: String]
    /// The training seed, when the kind has one.
    public var seed: UInt64?
    /// The pipeline code's git commit, and whether the working tree had uncommitted changes.
    public var codeVersion: String
    public var codeDirty: Bool
    /// The Marquee release.
    public var marqueeVersion: String
    /// The training data snapshot.
    public var snapshotID: String
    /// Where the artifact was written and its SHA-256 (hex).
    public var artifactPath: String
    public var artifactSHA256: String
    /// Offline metrics by name, e.g. `ndcg@20`.
    public var offlineMetrics: [String: Double]
    /// Who or what triggered the training, e.g. `schedule`, `manual`, `drift`.
    public var trigger: String
    /// The stage history, oldest first; the last entry is the current stage.
    public var stages: [StageChange]

    /// Creates a record.
    public init(
        version: String, createdAt: WallTime, kind: String, hyperparameters: [String: String], seed: UInt64?, codeVersion: String,
        codeDirty: Bool, marqueeVersion: String, snapshotID: String, artifactPath: String, artifactSHA256: String,
        offlineMetrics: [String: Double], trigger: String, stages: [StageChange]
    ) {
        self.version = version
        self.createdAt = createdAt
        self.kind = kind
        self.hyperparameters = hyperparameters
        self.seed = seed
        self.codeVersion = codeVersion
        self.codeDirty = codeDirty
        self.marqueeVersion = marqueeVersion
        self.snapshotID = snapshotID
        self.artifactPath = artifactPath
        self.artifactSHA256 = artifactSHA256
        self.offlineMetrics = offlineMetrics
        self.trigger = trigger
        self.stages = stages
    }

    /// The current stage.
    public var stage: ModelStage { stages.last?.stage ?? .candidate }

    /// The share of users this version serves as a canary now; `nil` unless it is at the canary stage with a
    /// recorded share.
    public var canaryShare: Double? { stage == .canary ? stages.last?.share : nil }
}

/// One run of the training pipeline: what started it, what it chose, or why it stopped.
public struct PipelineRunRecord: Hashable, Sendable {
    /// When the run started (wall time).
    public var startedAt: WallTime
    /// The service's event time, when known.
    public var eventTime: EventTime?
    public var trigger: String
    public var snapshotID: String?
    /// The version that passed the gate, if any.
    public var chosen: String?
    /// Why the run stopped without a choice, if it did.
    public var failure: String?
    /// One line per step.
    public var steps: [String]

    /// Creates a record.
    public init(
        startedAt: WallTime, eventTime: EventTime?, trigger: String, snapshotID: String?, chosen: String?, failure: String?, steps: [String]
    ) {
        self.startedAt = startedAt
        self.eventTime = eventTime
        self.trigger = trigger
        self.snapshotID = snapshotID
        self.chosen = chosen
        self.failure = failure
        self.steps = steps
    }
}

/// A stage change of one version, as ``RegistryStore/changeStages(_:_:)`` records it.
public struct VersionStageChange: Hashable, Sendable {
    /// The version whose history grows.
    public var version: String
    /// The change.
    public var change: StageChange

    /// Creates a change of `version`.
    public init(_ version: String, _ change: StageChange) {
        self.version = version
        self.change = change
    }
}

/// Where training snapshots and the model registry are kept, beside the events they come from.
public protocol RegistryStore: Sendable {
    /// Bounds that select everything stored so far.
    func currentSnapshotBounds() async throws(StoreError) -> SnapshotBounds

    /// Every source's checkpointed offset: `source#partition` → offset.
    func sourceOffsets() async throws(StoreError) -> [String: Int64]

    /// Per (user, movie) interactions aggregated from the events within `bounds`, ordered by user then movie slug.
    func interactions(within bounds: SnapshotBounds) async throws(StoreError) -> [Interaction]

    /// Registers a snapshot; registering the same id again changes nothing.
    func register(snapshot: SnapshotRecord) async throws(StoreError)

    /// The snapshot with `id`, or `nil`.
    func snapshot(id: String) async throws(StoreError) -> SnapshotRecord?

    /// Registers a new model version; with a `fence`, only while its lease has not passed to another holder (checked
    /// in the same transaction).
    /// - Throws: `StoreError.writeFailed` when the version exists already, `.staleLease` when `fence`'s lease passed on.
    func register(version: ModelVersionRecord, fence: LeaseFence?) async throws(StoreError)

    /// Appends a stage change to `version`'s history.
    /// - Throws: `StoreError.notFound` when the version is not registered.
    func record(_ change: StageChange, for version: String) async throws(StoreError)

    /// Every registered version, oldest first, with its stage history.
    func versions() async throws(StoreError) -> [ModelVersionRecord]

    /// Reads the registry and records the stage changes `decide` makes of it, in one transaction that no other change
    /// of stages interleaves with (in any process): how promotions, rollbacks and canary changes stay consistent when
    /// two processes make them at once. `decide` may throw to record nothing. With a `fence`, the changes are made
    /// only if its lease has not passed to another holder since the writer took it (checked in the same transaction).
    /// - Throws: `StoreError.staleLease` when `fence`'s lease passed to another holder, `StoreError.notFound` when a
    ///   change names a version that is not registered (nothing is recorded in either case), or what `decide` throws.
    func changeStages(
        _ action: String, fence: LeaseFence?, _ decide: @Sendable @escaping ([ModelVersionRecord]) throws(StoreError) -> [VersionStageChange]
    ) async throws(StoreError)

    /// Records one pipeline run.
    func record(run: PipelineRunRecord) async throws(StoreError)

    /// Every recorded pipeline run, oldest first.
    func pipelineRuns() async throws(StoreError) -> [PipelineRunRecord]
}

extension RegistryStore {
    /// As ``changeStages(_:fence:_:)`` without a fence: for writers that hold no lease (an operator's command, a
    /// replica's admin API).
    public func changeStages(
        _ action: String, _ decide: @Sendable @escaping ([ModelVersionRecord]) throws(StoreError) -> [VersionStageChange]
    ) async throws(StoreError) {
        try await changeStages(action, fence: nil, decide)
    }

    /// As ``register(version:fence:)`` without a fence: for writers that hold no lease.
    public func register(version: ModelVersionRecord) async throws(StoreError) {
        try await register(version: version, fence: nil)
    }

    /// The registered version `version`, or `nil`.
    public func version(_ version: String) async throws(StoreError) -> ModelVersionRecord? {
        try await versions().first { $0.version == version }
    }

    /// The version now in production, or `nil`.
    public func productionVersion() async throws(StoreError) -> ModelVersionRecord? {
        try await versions().production
    }
}

extension [ModelVersionRecord] {
    /// The version in production, or `nil` (the last registered, should several be).
    public var production: ModelVersionRecord? { last { $0.stage == .production } }

    /// The version at `stage` whose stage change was recorded last (the later registered on a tie), or `nil`.
    public func latest(at stage: ModelStage) -> ModelVersionRecord? {
        var latest: ModelVersionRecord?
        for version in self where version.stage == stage {
            if let current = latest, (current.stages.last?.at.microseconds ?? 0) > (version.stages.last?.at.microseconds ?? 0) { continue }
            latest = version
        }
        return latest
    }
}
