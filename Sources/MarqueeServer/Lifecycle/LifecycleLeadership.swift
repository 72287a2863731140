import Foundation
import Logging
import MarqueeCore
import MarqueeStore

/// The lease that makes one of several `marquee run` processes sharing a store the leader: only the leader trains,
/// judges canaries and decides rollouts; the others serve and ingest, and take over once the leader's lease expires
/// (it died) or is released (it stopped).
///
/// The leader renews its lease at every scheduler tick and, while a long step such as a training runs, every third of
/// ``duration``, so a lease only expires when its holder has stopped renewing for a whole ``duration``. A leader stalled
/// for longer than ``duration`` (e.g. a stopped process resumed) can still finish the step it was in after a follower
/// took over, but the store refuses its registry writes (stage changes, version registrations, experiments): they carry
/// the lease's fencing token (``fence``, passed to the ``LifecycleController``), and the follower's is higher.
public actor LifecycleLeadership {
    /// The lease's name in the store.
    public static let leaseName = "lifecycle"
    let store: any LeaseStore
    /// Who this process is, as recorded in the lease.
    public nonisolated let holder: String
    /// How long a lease lasts unless renewed.
    public nonisolated let duration: Duration
    /// Whether this process held the lease at its last renewal; `nil` before the first.
    private var held: Bool?
    /// The lease as this process took or renewed it last, while it leads.
    private var lease: Lease?
    /// The fence of the registry changes this process makes as leader: the lease's name and the fencing token it was
    /// given; `nil` when it does not lead.
    public var fence: LeaseFence? { lease?.fence }
    /// Whether this process held the lease at its last renewal.
    public var isLeader: Bool { held ?? false }

    /// Wall time for the renewals during a step.
    let clock: @Sendable () -> WallTime

    /// Creates the leadership of one process; `holder` defaults to host name, process id and a random suffix, `clock`
    /// to the wall clock (tests pass their own, to keep the renewals in their time).
    public init(
        store: any LeaseStore, holder: String = LifecycleLeadership.processName(), duration: Duration = .seconds(60),
        clock: @escaping @Sendable () -> WallTime = { .now }
    ) {
        self.store = store
        self.holder = holder
        self.duration = duration
        self.clock = clock
    }

    /// `host:pid:random`, unique among the processes sharing a store.
    public static func processName() -> String {
        "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// Takes or renews the lease at wall time `now`.
    /// - Returns: whether this process leads now, and whether that changed since the last renewal (always at the first).
    public func renew(now: WallTime) async throws(StoreError) -> (leads: Bool, changed: Bool) {
        let lease = try await store.acquireLease(Self.leaseName, holder: holder, now: now, until: now + duration)
        let leads = lease != nil
        defer {
            held = leads
            self.lease = lease
        }
        return (leads, leads != held)
    }

    /// Who holds the lease, for the log of a follower.
    public func leader() async -> String {
        let lease = try? await store.lease(Self.leaseName)
        return lease?.holder ?? "nobody"
    }

    /// Renews the lease every third of ``duration`` of wall time until the task is cancelled: what keeps a leader
    /// leading through a step longer than ``duration``.
    func keepRenewing(logger: Logger) async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: duration / 3)
            } catch {
                return
            }
            do {
                _ = try await renew(now: clock())
            } catch {
                logger.warning("Could not renew the lifecycle lease", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Gives the lease up, so that a follower takes over at once.
    public func release() async {
        try? await store.releaseLease(Self.leaseName, holder: holder)
        held = false
        lease = nil
    }
}
