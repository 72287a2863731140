import Logging
import MarqueeCore
import PostgresNIO

extension PostgresEventStore {
    /// Deletes the user's rows in one transaction (see ``ForgettingStore``), after locking the batches counter row that
    /// every batch locks first, so no batch that read the forgotten users before this commits can store the user again.
    public func forget(user: UserID, at wallTime: WallTime) async throws(StoreError) -> ForgetReport {
        let (logger, id) = (logger, user.rawValue)
        return try await write("forgetting user \(id)") { connection in
            try await connection.run("SELECT value FROM counters WHERE name = \(StoreCounter.batches) FOR UPDATE", logger: logger)
            try await connection.run(
                "INSERT INTO forgotten_users (id, forgotten_at) VALUES (\(id), \(wallTime.microseconds)) ON CONFLICT (id) DO NOTHING", logger: logger)
            var report = ForgetReport()
            var perKind: [(Int64, Int64)] = []
            for row in try await connection.allRows(
                "SELECT kind::int8, count(*)::int8 FROM events WHERE user_id = \(id) GROUP BY kind", logger: logger
            ).decode((Int64, Int64).self) {
                perKind.append(row)
            }
            for (kind, count) in perKind {
                guard let counter = ForgetCounters.counter(of: kind) else { continue }
                try await connection.run("UPDATE counters SET value = value - \(count) WHERE name = \(counter)", logger: logger)
            }
            func deleted(_ query: PostgresQuery) async throws -> Int {
                try await connection.allRows(query, logger: logger).decode(Int.self).count
            }
            report.events = try await deleted("DELETE FROM events WHERE user_id = \(id) RETURNING 1")
            report.interactions = try await deleted("DELETE FROM interactions WHERE user_id = \(id) RETURNING 1")
            report.recommendations = try await deleted("DELETE FROM recommendations WHERE user_id = \(id) RETURNING 1")
            report.telemetry = try await deleted("DELETE FROM telemetry WHERE user_id = \(id) RETURNING 1")
            report.record = try await deleted("DELETE FROM users WHERE id = \(id) RETURNING 1") > 0
            _ = try await deleted("DELETE FROM event_users WHERE id = \(id) RETURNING 1")
            var lines: [Int64] = []
            let needle = LineAttribution.needle(for: id)
            for (row, line) in try await connection.allRows(
                "SELECT id, line FROM quarantine WHERE strpos(line, \(needle)) > 0", logger: logger
            ).decode((Int64, String).self) where LineAttribution.user(of: line) == id {
                lines.append(row)
            }
            if !lines.isEmpty {
                report.quarantined = try await deleted("DELETE FROM quarantine WHERE id = ANY(\(lines)::int8[]) RETURNING 1")
            }
            return report
        }
    }

    public func forgottenUsers() async throws(StoreError) -> [UserID] {
        let logger = logger
        return try await read("reading the forgotten users") { connection in
            var users: [UserID] = []
            for id in try await connection.allRows("SELECT id FROM forgotten_users ORDER BY id", logger: logger).decode(Int64.self) {
                if let user = UserID(id) { users.append(user) }
            }
            return users
        }
    }
}
