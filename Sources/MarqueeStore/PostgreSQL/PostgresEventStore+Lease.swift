import PostgresNIO

extension PostgresEventStore {
    public func acquireLease(_ name: String, holder: String, now: Int64, until expiresAt: Int64) async throws(StoreError) -> Bool {
        let logger = logger
        return try await write("taking lease \(name) for \(holder)") { connection in
            // One statement: the conflicting row is locked while its condition is checked, so two processes cannot
            // both take a free or expired lease.
            let taken = try await connection.allRows(
                """
                INSERT INTO leases (name, holder, expires_at) VALUES (\(name), \(holder), \(expiresAt))
                ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
                WHERE leases.holder = excluded.holder OR leases.expires_at <= \(now)
                RETURNING 1
                """, logger: logger
            ).decode(Int.self)
            return !taken.isEmpty
        }
    }

    public func releaseLease(_ name: String, holder: String) async throws(StoreError) {
        let logger = logger
        try await write("releasing lease \(name)") { connection in
            try await connection.run("DELETE FROM leases WHERE name = \(name) AND holder = \(holder)", logger: logger)
        }
    }

    public func lease(_ name: String) async throws(StoreError) -> Lease? {
        let logger = logger
        return try await read("reading lease \(name)") { connection in
            let rows = try await connection.allRows("SELECT holder, expires_at FROM leases WHERE name = \(name)", logger: logger)
                .decode((String, Int64).self)
            return rows.first.map { Lease(name: name, holder: $0.0, expiresAt: $0.1) }
        }
    }
}
