import GRDB
import MarqueeCore

extension SQLiteEventStore: TelemetryStore {
    public func append(telemetry records: [TelemetryRecord]) async throws(StoreError) {
        guard !records.isEmpty else { return }
        _ = try await write("storing \(records.count) telemetry records") { db, _ in
            let forgotten = try SQLiteEventStore.forgottenIDs(db)
            let records = forgotten.isEmpty ? records : records.filter { !forgotten.contains($0.user.rawValue) }
            let statement = try db.cachedStatement(
                sql: "INSERT INTO telemetry (wall_time, user, items, model_version, route, latency_us, fallback) VALUES (?, ?, ?, ?, ?, ?, ?)")
            for record in records {
                try statement.execute(arguments: [
                    record.wallTime.microseconds, record.user.rawValue, RecommendationColumns.slugs(record.movies), record.modelVersion,
                    record.route.text, record.latencyMicroseconds, record.usedFallback,
                ])
            }
            return records.count
        }
    }

    public func telemetry(of user: UserID?) async throws(StoreError) -> [TelemetryRecord] {
        try await read("reading telemetry") { db in
            if let user {
                try Self.telemetry(db, where: Self.telemetryOfUser, arguments: [user.rawValue])
            } else {
                try Self.telemetry(db, where: "1", arguments: [])
            }
        }
    }

    public func telemetry(since start: WallTime) async throws(StoreError) -> [TelemetryRecord] {
        try await read("reading telemetry since \(start)") { db in
            try Self.telemetry(db, where: Self.telemetryWindow, arguments: [start.microseconds])
        }
    }

    /// The condition of a window of telemetry, which `telemetry_by_time` serves.
    static let telemetryWindow = "wall_time >= ?"
    /// The condition of one user's records, read through `telemetry_by_user`.
    static let telemetryOfUser = "user = ?"

    /// The query that reads telemetry under `condition`.
    static func telemetryQuery(where condition: String) -> String {
        "SELECT wall_time, user, items, model_version, route, latency_us, fallback FROM telemetry WHERE \(condition) ORDER BY wall_time, id"
    }

    /// Rows whose user or route is not one the server writes are skipped.
    private static func telemetry(_ db: Database, where condition: String, arguments: StatementArguments) throws -> [TelemetryRecord] {
        let rows = try Row.fetchAll(db, sql: telemetryQuery(where: condition), arguments: arguments)
        return rows.compactMap { row in
            guard let user = UserID(row[1] as Int64), let route = Route(text: row[4]) else { return nil }
            return TelemetryRecord(
                wallTime: WallTime(microseconds: row[0]), user: user,
                answer: ServedAnswer(movies: RecommendationColumns.movies(row[2]), modelVersion: row[3], route: route, usedFallback: row[6]),
                latencyMicroseconds: row[5])
        }
    }

    public func telemetryCount() async throws(StoreError) -> Int {
        try await read("counting telemetry") { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM telemetry") ?? 0 }
    }
}

extension SQLiteEventStore {
    /// One `GROUP BY` over the telemetry table (a scan of the rows from `start` on).
    public func telemetryLatencies(bucketSeconds: Int64, since start: WallTime?) async throws(StoreError) -> [LatencyCount] {
        let length = max(1, bucketSeconds) * 1_000_000
        return try await read("counting telemetry latencies") { db in
            // Integer division truncates towards zero; wall times are after 1970, so it floors.
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT wall_time / ?1 * ?1 AS bucket,
                           CASE WHEN latency_us < 10000 THEN latency_us / 100 * 100 ELSE latency_us / 1000 * 1000 END AS bin,
                           count(*)
                    FROM telemetry WHERE wall_time >= ?2 GROUP BY bucket, bin ORDER BY bucket, bin
                    """,
                arguments: [length, start?.microseconds ?? Int64.min])
            return rows.map { LatencyCount(bucketStart: WallTime(microseconds: $0[0]), latencyMicroseconds: $0[1], count: $0[2]) }
        }
    }
}
