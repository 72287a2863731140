/// A named lease that one process holds at a time until it expires: how `marquee run` processes sharing a store elect
/// the one that trains and judges (the leader); the others follow and take over once its lease runs out.
public struct Lease: Hashable, Sendable {
    /// What the lease guards, e.g. `lifecycle`.
    public var name: String
    /// Who holds it, e.g. `host:pid:random`.
    public var holder: String
    /// Wall time (microseconds since 1970) at which it expires unless renewed.
    public var expiresAt: Int64

    /// Creates a lease.
    public init(name: String, holder: String, expiresAt: Int64) {
        self.name = name
        self.holder = holder
        self.expiresAt = expiresAt
    }
}

/// Where leases are kept: the store every process of a deployment shares.
public protocol LeaseStore: Sendable {
    /// Takes or renews lease `name` for `holder` until `expiresAt`, in one statement: it succeeds when nobody holds the
    /// lease, `holder` holds it, or its holder's lease expired at or before `now` (wall microseconds).
    /// - Returns: whether `holder` holds the lease now.
    func acquireLease(_ name: String, holder: String, now: Int64, until expiresAt: Int64) async throws(StoreError) -> Bool

    /// Gives lease `name` up if `holder` holds it, so a follower can take over at once.
    func releaseLease(_ name: String, holder: String) async throws(StoreError)

    /// Lease `name` as recorded (possibly expired), or `nil` when nobody ever took it or it was released.
    func lease(_ name: String) async throws(StoreError) -> Lease?
}
