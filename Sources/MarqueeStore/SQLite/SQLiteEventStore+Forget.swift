import GRDB
import MarqueeCore

extension SQLiteEventStore: ForgettingStore {
    /// Deletes the user's rows in one write transaction (see ``ForgettingStore``). `events` and `recommendations` have
    /// no index by user, so those two deletes scan their tables: a rare operator action, not worth an index that every
    /// ingested event would pay for.
    public func forget(user: UserID, at wallTime: WallTime) async throws(StoreError) -> ForgetReport {
        let id = user.rawValue
        return try await write("forgetting user \(id)") { db, _ in
            try db.execute(
                sql: "INSERT INTO forgotten_users (id, forgotten_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING",
                arguments: [id, wallTime.microseconds])
            var report = ForgetReport()
            for row in try Row.fetchAll(db, sql: "SELECT kind, count(*) FROM events WHERE user = ? GROUP BY kind", arguments: [id]) {
                let (kind, count): (Int64, Int64) = (row[0], row[1])
                guard let counter = ForgetCounters.counter(of: kind) else { continue }
                try db.execute(sql: "UPDATE counters SET value = value - ? WHERE name = ?", arguments: [count, counter])
            }
            func delete(_ sql: String) throws -> Int {
                try db.execute(sql: sql, arguments: [id])
                return db.changesCount
            }
            report.events = try delete("DELETE FROM events WHERE user = ?")
            report.interactions = try delete("DELETE FROM interactions WHERE user = ?")
            report.recommendations = try delete("DELETE FROM recommendations WHERE user = ?")
            report.telemetry = try delete("DELETE FROM telemetry WHERE user = ?")
            report.record = try delete("DELETE FROM users WHERE id = ?") > 0
            _ = try delete("DELETE FROM event_users WHERE id = ?")
            let candidates = try Row.fetchAll(
                db, sql: "SELECT id, line FROM quarantine WHERE instr(line, ?) > 0", arguments: [LineAttribution.needle(for: id)])
            for row in candidates where LineAttribution.user(of: row[1]) == id {
                try db.execute(sql: "DELETE FROM quarantine WHERE id = ?", arguments: [row[0] as Int64])
                report.quarantined += 1
            }
            return report
        }
    }

    public func forgottenUsers() async throws(StoreError) -> [UserID] {
        try await read("reading the forgotten users") { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM forgotten_users ORDER BY id").compactMap { UserID($0) }
        }
    }

    /// The ids in `forgotten_users`, read inside a write transaction.
    static func forgottenIDs(_ db: Database) throws -> Set<Int64> {
        Set(try Int64.fetchAll(db, sql: "SELECT id FROM forgotten_users"))
    }
}

/// The event counter each stored kind adds to, for lowering them when events are forgotten.
enum ForgetCounters {
    static func counter(of kind: Int64) -> String? {
        switch kind {
        case StoredKind.watch: StoreCounter.watch
        case StoredKind.rate: StoreCounter.rate
        case StoredKind.recommendation: StoreCounter.recommendation
        case StoredKind.account: StoreCounter.account
        default: nil
        }
    }
}
