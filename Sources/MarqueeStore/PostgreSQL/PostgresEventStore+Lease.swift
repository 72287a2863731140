import Logging
import MarqueeCore
import PostgresNIO

extension PostgresEventStore {
    public func acquireLease(_ name: String, holder: String, now: WallTime, until expiresAt: WallTime) async throws(StoreError) -> Lease? {
        let (logger, expires, current) = (logger, expiresAt.microseconds, now.microseconds)
        return try await write("taking lease \(name) for \(holder)") { connection in
            // One statement: the conflicting row is locked while its condition is checked, so two processes cannot
            // both take a free or expired lease. The token grows only when the lease passes to another holder.
            let taken = try await connection.allRows(
                """
                INSERT INTO leases (name, holder, expires_at, token) VALUES (\(name), \(holder), \(expires), 1)
                ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at,
                    token = CASE WHEN leases.holder = excluded.holder THEN leases.token ELSE leases.token + 1 END
                WHERE leases.holder = excluded.holder OR leases.expires_at <= \(current)
                RETURNING token
                """, logger: logger
            ).decode(Int64.self)
            return taken.first.map { Lease(name: name, holder: holder, expiresAt: expiresAt, token: $0) }
        }
    }

    public func releaseLease(_ name: String, holder: String) async throws(StoreError) {
        let logger = logger
        try await write("releasing lease \(name)") { connection in
            try await connection.run(
                "UPDATE leases SET expires_at = \(releasedLeaseExpiry) WHERE name = \(name) AND holder = \(holder)", logger: logger)
        }
    }

    public func lease(_ name: String) async throws(StoreError) -> Lease? {
        let logger = logger
        return try await read("reading lease \(name)") { connection in
            let rows = try await connection.allRows(
                "SELECT holder, expires_at, token FROM leases WHERE name = \(name) AND expires_at > \(releasedLeaseExpiry)", logger: logger
            ).decode((String, Int64, Int64).self)
            return rows.first.map { Lease(name: name, holder: $0.0, expiresAt: WallTime(microseconds: $0.1), token: $0.2) }
        }
    }

    /// Throws `StoreError.staleLease` when `fence`'s lease has passed to another holder. Called inside the write
    /// transaction it guards; the lease's row is locked `FOR SHARE` until the transaction ends, so no takeover
    /// commits in between.
    static func check(_ fence: LeaseFence?, for action: String, on connection: PostgresConnection, logger: Logger) async throws {
        guard let fence else { return }
        let tokens: [Int64] = try await connection.allRows("SELECT token FROM leases WHERE name = \(fence.name) FOR SHARE", logger: logger)
            .decode(Int64.self)
        let current = tokens.first ?? 0
        if current > fence.token { throw fence.refusal(of: action, current: current) }
    }
}
