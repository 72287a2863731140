import MarqueeCore
import PostgresNIO

extension PostgresEventStore {
    public func setting(_ name: String) async throws(StoreError) -> String? {
        let logger = logger
        return try await read("reading setting \(name)") { connection in
            try await connection.allRows("SELECT value FROM settings WHERE name = \(name)", logger: logger).decode(String.self).first
        }
    }

    public func recordSettingIfAbsent(_ name: String, value: String, now: WallTime) async throws(StoreError) -> String {
        let logger = logger
        return try await write("recording setting \(name)") { connection in
            // The insert never changes a recorded value, so the read that follows returns the first writer's value,
            // whichever process that was.
            try await connection.run(
                "INSERT INTO settings (name, value, set_at) VALUES (\(name), \(value), \(now.microseconds)) ON CONFLICT (name) DO NOTHING",
                logger: logger)
            let recorded = try await connection.allRows("SELECT value FROM settings WHERE name = \(name)", logger: logger).decode(String.self)
            return recorded.first ?? value
        }
    }

    public func replaceSetting(_ name: String, value: String, now: WallTime) async throws(StoreError) {
        let logger = logger
        try await write("replacing setting \(name)") { connection in
            try await connection.run(
                """
                INSERT INTO settings (name, value, set_at) VALUES (\(name), \(value), \(now.microseconds))
                ON CONFLICT (name) DO UPDATE SET value = excluded.value, set_at = excluded.set_at
                """, logger: logger)
        }
    }
}
