import GRDB

extension SQLiteEventStore: LeaseStore {
    public func acquireLease(_ name: String, holder: String, now: Int64, until expiresAt: Int64) async throws(StoreError) -> Bool {
        try await write("taking lease \(name) for \(holder)") { db, _ in
            // The write transaction is immediate, so two processes cannot both see the lease free.
            try db.execute(
                sql: """
                    INSERT INTO leases (name, holder, expires_at) VALUES (?1, ?2, ?3)
                    ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
                    WHERE leases.holder = excluded.holder OR leases.expires_at <= ?4
                    """, arguments: [name, holder, expiresAt, now])
            return db.changesCount > 0
        }
    }

    public func releaseLease(_ name: String, holder: String) async throws(StoreError) {
        _ = try await write("releasing lease \(name)") { db, _ in
            try db.execute(sql: "DELETE FROM leases WHERE name = ? AND holder = ?", arguments: [name, holder])
        }
    }

    public func lease(_ name: String) async throws(StoreError) -> Lease? {
        try await read("reading lease \(name)") { db in
            try Row.fetchOne(db, sql: "SELECT holder, expires_at FROM leases WHERE name = ?", arguments: [name]).map {
                Lease(name: name, holder: $0[0], expiresAt: $0[1])
            }
        }
    }
}
