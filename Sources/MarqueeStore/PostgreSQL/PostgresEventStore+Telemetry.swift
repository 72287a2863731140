import Logging
import MarqueeCore
import PostgresNIO

extension PostgresEventStore {
    /// Appends records in one statement.
    public func append(telemetry records: [TelemetryRecord]) async throws(StoreError) {
        guard !records.isEmpty else { return }
        let logger = logger
        let times = records.map(\.wallTime.microseconds), users = records.map(\.user.rawValue)
        let items = records.map { RecommendationColumns.slugs($0.movies) }, versions = records.map { PostgresText.clean($0.modelVersion) }
        let routes = records.map { PostgresText.clean($0.route.text) }, latencies = records.map(\.latencyMicroseconds)
        let fallbacks = records.map(\.usedFallback)
        try await write("storing \(records.count) telemetry records") { connection in
            try await connection.run(
                """
                INSERT INTO telemetry (wall_time, user_id, items, model_version, route, latency_us, fallback)
                SELECT * FROM unnest(
                    \(times)::int8[], \(users)::int8[], \(items)::text[], \(versions)::text[], \(routes)::text[], \(latencies)::int8[],
                    \(fallbacks)::bool[]) AS t(w, u, i, v, r, l, f)
                WHERE NOT EXISTS (SELECT 1 FROM forgotten_users g WHERE g.id = t.u)
                """, logger: logger)
        }
    }

    /// The stored records of `user`, oldest first (all users when `nil`).
    public func telemetry(of user: UserID?) async throws(StoreError) -> [TelemetryRecord] {
        let columns = Self.telemetryColumns
        return try await telemetry(
            "reading telemetry",
            user.map { "SELECT \(unescaped: columns) FROM telemetry WHERE user_id = \($0.rawValue) ORDER BY wall_time, id" }
                ?? "SELECT \(unescaped: columns) FROM telemetry ORDER BY wall_time, id")
    }

    /// The records from wall time `start` on, oldest first, read through `telemetry_by_time`.
    public func telemetry(since start: WallTime) async throws(StoreError) -> [TelemetryRecord] {
        try await telemetry(
            "reading telemetry since \(start)",
            "SELECT \(unescaped: Self.telemetryColumns) FROM telemetry WHERE wall_time >= \(start.microseconds) ORDER BY wall_time, id")
    }

    private static let telemetryColumns = "wall_time, user_id, items, model_version, route, latency_us, fallback"

    /// Rows whose user or route is not one the server writes are skipped.
    private func telemetry(_ activity: String, _ query: PostgresQuery) async throws(StoreError) -> [TelemetryRecord] {
        let logger = logger
        return try await read(activity) { connection in
            var records: [TelemetryRecord] = []
            let rows = try await connection.allRows(query, logger: logger)
            for (time, user, items, version, route, latency, fallback) in try rows.decode(
                (Int64, Int64, String, String, String, Int64, Bool).self)
            {
                guard let user = UserID(user), let route = Route(text: route) else { continue }
                records.append(
                    TelemetryRecord(
                        wallTime: WallTime(microseconds: time), user: user,
                        answer: ServedAnswer(
                            movies: RecommendationColumns.movies(items), modelVersion: version, route: route, usedFallback: fallback),
                        latencyMicroseconds: latency))
            }
            return records
        }
    }

    /// Number of stored records.
    public func telemetryCount() async throws(StoreError) -> Int {
        let logger = logger
        return try await read("counting telemetry") { connection in
            try await connection.allRows("SELECT count(*) FROM telemetry", logger: logger).decode(Int.self).first ?? 0
        }
    }
}
