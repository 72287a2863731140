import GRDB
import MarqueeCore

extension SQLiteEventStore: OnlineRollupStore {
    public func onlineRollupState() async throws(StoreError) -> OnlineRollupState? {
        try await read("reading the online rollup's state") { db in try Self.onlineRollupState(db) }
    }

    public func onlineOutcomes(since start: EventTime?) async throws(StoreError) -> [OnlineOutcomeRow] {
        try await read("reading the online rollup") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT period_start, model_version, route, answers, followed, rating_count, rating_mean, rating_squared_deviations,
                        watched_minutes, costed_minutes, views, costed_views, licence_cost
                    FROM online_outcomes WHERE period_start >= ? ORDER BY period_start, model_version, route
                    """, arguments: [start?.microseconds ?? Int64.min]
            ).map { row in
                OnlineOutcomeRow(
                    periodStart: EventTime(microseconds: row[0]), modelVersion: row[1], route: row[2], answers: row[3], followed: row[4],
                    ratingCount: row[5], ratingMean: row[6], ratingSquaredDeviations: row[7], watchedMinutes: row[8], costedMinutes: row[9],
                    views: row[10], costedViews: row[11], licenceCost: row[12])
            }
        }
    }

    public func periodViews(since start: EventTime?) async throws(StoreError) -> [PeriodViewsRow] {
        try await read("reading the views rollup") { db in
            try Row.fetchAll(
                db, sql: "SELECT period_start, views, costed_views, licence_cost FROM period_views WHERE period_start >= ? ORDER BY period_start",
                arguments: [start?.microseconds ?? Int64.min]
            ).map { PeriodViewsRow(periodStart: EventTime(microseconds: $0[0]), views: $0[1], costedViews: $0[2], licenceCost: $0[3]) }
        }
    }

    public func recordOnlineFold(
        outcomes: [OnlineOutcomeRow], views: [PeriodViewsRow], state: OnlineRollupState, expected: OnlineRollupState?, clearing: Bool
    ) async throws(StoreError) -> Bool {
        try await write("recording a fold of the online rollup") { db, _ in
            // The write transaction is immediate: no other fold commits between this read and the writes.
            guard try Self.onlineRollupState(db) == expected else { return false }
            if clearing {
                try db.execute(sql: "DELETE FROM online_outcomes")
                try db.execute(sql: "DELETE FROM period_views")
            }
            for row in outcomes {
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO online_outcomes (period_start, model_version, route, answers, followed, rating_count,
                            rating_mean, rating_squared_deviations, watched_minutes, costed_minutes, views, costed_views, licence_cost)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        row.periodStart.microseconds, row.modelVersion, row.route, row.answers, row.followed, row.ratingCount, row.ratingMean,
                        row.ratingSquaredDeviations, row.watchedMinutes, row.costedMinutes, row.views, row.costedViews, row.licenceCost,
                    ])
            }
            for row in views {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO period_views (period_start, views, costed_views, licence_cost) VALUES (?, ?, ?, ?)",
                    arguments: [row.periodStart.microseconds, row.views, row.costedViews, row.licenceCost])
            }
            try db.execute(
                sql: "INSERT OR REPLACE INTO online_rollup (id, folded_before, telemetry_from, settings) VALUES (1, ?, ?, ?)",
                arguments: [state.foldedBefore.microseconds, state.telemetryFrom?.microseconds, state.settings])
            return true
        }
    }

    private static func onlineRollupState(_ db: Database) throws -> OnlineRollupState? {
        try Row.fetchOne(db, sql: "SELECT folded_before, telemetry_from, settings FROM online_rollup WHERE id = 1").map {
            OnlineRollupState(
                foldedBefore: EventTime(microseconds: $0[0]), telemetryFrom: ($0[1] as Int64?).map(WallTime.init(microseconds:)), settings: $0[2])
        }
    }
}
