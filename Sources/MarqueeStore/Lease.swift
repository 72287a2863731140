import MarqueeCore

/// A named lease that one process holds at a time until it expires: how `marquee run` processes sharing a store elect
/// the one that trains and judges (the leader); the others follow and take over once its lease runs out.
public struct Lease: Hashable, Sendable {
    /// What the lease guards, e.g. `lifecycle`.
    public var name: String
    /// Who holds it, e.g. `host:pid:random`.
    public var holder: String
    /// When it expires unless renewed.
    public var expiresAt: WallTime
    /// The fencing token: 1 for the lease's first holder, one more each time it passes to another holder, unchanged
    /// by renewals. A write guarded by a ``LeaseFence`` with an older token is refused (see ``LeaseFence``).
    public var token: Int64

    /// Creates a lease.
    public init(name: String, holder: String, expiresAt: WallTime, token: Int64) {
        self.name = name
        self.holder = holder
        self.expiresAt = expiresAt
        self.token = token
    }

    /// The fence of writes made under this lease.
    public var fence: LeaseFence { LeaseFence(name: name, token: token) }
}

/// What a holder of a lease shows with a write that only the current holder may make: the lease's name and the
/// fencing token it was given. The store refuses the write (`StoreError.staleLease`) when the lease has since passed
/// to another holder (a higher token), e.g. because this process was paused past the lease's expiry and a follower
/// took over; a lease that expired without anyone taking it keeps its token, so its holder's writes still count.
public struct LeaseFence: Hashable, Sendable {
    /// The lease, e.g. `lifecycle`.
    public var name: String
    /// The fencing token the writer was given when it took the lease.
    public var token: Int64

    /// Creates a fence.
    public init(name: String, token: Int64) {
        self.name = name
        self.token = token
    }

    /// The error of a write refused because the lease passed from token ``token`` to `current`.
    func refusal(of action: String, current: Int64) -> StoreError {
        StoreError(
            .staleLease,
            "refused \(action): the \(name) lease passed to another holder (fencing token \(current)) after this process took it "
                + "(token \(token)), e.g. while it was paused past the lease's expiry; the new holder decides now, and this process "
                + "follows until it takes the lease again")
    }
}

/// Where leases are kept: the store every process of a deployment shares.
public protocol LeaseStore: Sendable {
    /// Takes or renews lease `name` for `holder` until `expiresAt`, in one statement: it succeeds when nobody holds the
    /// lease, `holder` holds it, or its holder's lease expired at or before `now`. Taking it from
    /// another holder (or after a release) gives it the next fencing token; a renewal keeps the token.
    /// - Returns: the lease `holder` holds now, with its fencing token, or `nil` when another holds it.
    func acquireLease(_ name: String, holder: String, now: WallTime, until expiresAt: WallTime) async throws(StoreError) -> Lease?

    /// Gives lease `name` up if `holder` holds it, so a follower can take over at once. The lease's fencing token is
    /// kept, so the next holder's is higher.
    func releaseLease(_ name: String, holder: String) async throws(StoreError)

    /// Lease `name` as recorded (possibly expired), or `nil` when nobody ever took it or it was released.
    func lease(_ name: String) async throws(StoreError) -> Lease?
}

/// The expiry a released lease is recorded with: before any `now`, so anyone takes it, and told from a held one by
/// ``LeaseStore/lease(_:)``. The row stays so that the lease's fencing token only grows. Microseconds, as stored.
let releasedLeaseExpiry = Int64.min
