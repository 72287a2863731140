import MarqueeCore

/// A registered A/B experiment: two model versions, the share of users in the treatment arm, and its planned size.
public struct ExperimentRecord: Hashable, Sendable {
    /// The name, part of the routes of its answers: `ab:<name>:control`, `ab:<name>:treatment`.
    public var name: String
    /// The control and treatment model versions.
    public var control: String
    public var treatment: String
    /// The share of the experiment's users in the treatment arm.
    public var share: Double
    /// Answers per arm fixed in advance; no winner is declared before.
    public var plannedPerArm: Int
    /// When it started, in wall-clock microseconds since 1970.
    public var startedAt: WallTime
    /// Answers from this event time on count.
    public var since: EventTime
    /// When it stopped (wall clock), or `nil` while it runs.
    public var stoppedAt: WallTime?

    /// Creates a record.
    public init(
        name: String, control: String, treatment: String, share: Double, plannedPerArm: Int, startedAt: WallTime, since: EventTime,
        stoppedAt: WallTime? = nil
    ) {
        self.name = name
        self.control = control
        self.treatment = treatment
        self.share = share
        self.plannedPerArm = plannedPerArm
        self.startedAt = startedAt
        self.since = since
        self.stoppedAt = stoppedAt
    }
}

/// Where experiments are kept, beside the registry; servers pick the running one up from here.
public protocol ExperimentStore: Sendable {
    /// Registers and starts `experiment`; with a `fence`, only while its lease has not passed to another holder
    /// (checked in the same transaction).
    /// - Throws: `StoreError.writeFailed` when its name is taken or another experiment runs; `.notFound` for an
    ///   unregistered version; `.staleLease` when `fence`'s lease passed on.
    func start(experiment: ExperimentRecord, fence: LeaseFence?) async throws(StoreError)

    /// Stops the running experiment `name` at wall time `at`; with a `fence`, only while its lease has not passed to
    /// another holder.
    /// - Throws: `StoreError.notFound` when no experiment of that name runs, `.staleLease` when `fence`'s lease passed on.
    func stopExperiment(named name: String, at: WallTime, fence: LeaseFence?) async throws(StoreError)

    /// Every experiment, oldest first.
    func experiments() async throws(StoreError) -> [ExperimentRecord]
}

extension ExperimentStore {
    /// As ``start(experiment:fence:)`` without a fence: for writers that hold no lease.
    public func start(experiment: ExperimentRecord) async throws(StoreError) {
        try await start(experiment: experiment, fence: nil)
    }

    /// As ``stopExperiment(named:at:fence:)`` without a fence: for writers that hold no lease.
    public func stopExperiment(named name: String, at: WallTime) async throws(StoreError) {
        try await stopExperiment(named: name, at: at, fence: nil)
    }

    /// The running experiment, if any.
    public func runningExperiment() async throws(StoreError) -> ExperimentRecord? {
        try await experiments().last { $0.stoppedAt == nil }
    }
}
