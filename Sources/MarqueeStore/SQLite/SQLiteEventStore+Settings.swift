import GRDB
import MarqueeCore

extension SQLiteEventStore: SettingsStore {
    public func setting(_ name: String) async throws(StoreError) -> String? {
        try await read("reading setting \(name)") { db in
            try String.fetchOne(db, sql: "SELECT value FROM settings WHERE name = ?", arguments: [name])
        }
    }

    public func recordSettingIfAbsent(_ name: String, value: String, now: WallTime) async throws(StoreError) -> String {
        try await write("recording setting \(name)") { db, _ in
            // The write transaction is immediate: the insert and the read see the same row.
            try db.execute(
                sql: "INSERT INTO settings (name, value, set_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING",
                arguments: [name, value, now.microseconds])
            return try String.fetchOne(db, sql: "SELECT value FROM settings WHERE name = ?", arguments: [name]) ?? value
        }
    }

    public func replaceSetting(_ name: String, value: String, now: WallTime) async throws(StoreError) {
        _ = try await write("replacing setting \(name)") { db, _ in
            try db.execute(
                sql: """
                    INSERT INTO settings (name, value, set_at) VALUES (?, ?, ?)
                    ON CONFLICT (name) DO UPDATE SET value = excluded.value, set_at = excluded.set_at
                    """, arguments: [name, value, now.microseconds])
        }
    }
}
