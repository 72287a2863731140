import GRDB
import MarqueeCore

extension SQLiteEventStore: LeaseStore {
    public func acquireLease(_ name: String, holder: String, now: WallTime, until expiresAt: WallTime) async throws(StoreError) -> Lease? {
        try await write("taking lease \(name) for \(holder)") { db, _ in
            // The write transaction is immediate, so two processes cannot both see the lease free. The token grows
            // only when the lease passes to another holder.
            try db.execute(
                sql: """
                    INSERT INTO leases (name, holder, expires_at, token) VALUES (?1, ?2, ?3, 1)
                    ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at,
                        token = CASE WHEN leases.holder = excluded.holder THEN leases.token ELSE leases.token + 1 END
                    WHERE leases.holder = excluded.holder OR leases.expires_at <= ?4
                    """, arguments: [name, holder, expiresAt.microseconds, now.microseconds])
            guard db.changesCount > 0 else { return nil }
            let token = try Int64.fetchOne(db, sql: "SELECT token FROM leases WHERE name = ?", arguments: [name]) ?? 1
            return Lease(name: name, holder: holder, expiresAt: expiresAt, token: token)
        }
    }

    public func releaseLease(_ name: String, holder: String) async throws(StoreError) {
        _ = try await write("releasing lease \(name)") { db, _ in
            try db.execute(
                sql: "UPDATE leases SET expires_at = ? WHERE name = ? AND holder = ?", arguments: [releasedLeaseExpiry, name, holder])
        }
    }

    public func lease(_ name: String) async throws(StoreError) -> Lease? {
        try await read("reading lease \(name)") { db in
            try Row.fetchOne(
                db, sql: "SELECT holder, expires_at, token FROM leases WHERE name = ? AND expires_at > ?",
                arguments: [name, releasedLeaseExpiry]
            ).map { Lease(name: name, holder: $0[0], expiresAt: WallTime(microseconds: $0[1]), token: $0[2]) }
        }
    }

    /// Throws `StoreError.staleLease` when `fence`'s lease has passed to another holder: called inside the write
    /// transaction it guards, so no takeover can slip in between.
    static func check(_ fence: LeaseFence?, for action: String, in db: Database) throws {
        guard let fence else { return }
        let current = try Int64.fetchOne(db, sql: "SELECT token FROM leases WHERE name = ?", arguments: [fence.name]) ?? 0
        if current > fence.token { throw fence.refusal(of: action, current: current) }
    }
}
