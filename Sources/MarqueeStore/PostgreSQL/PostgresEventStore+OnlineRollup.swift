import MarqueeCore
import PostgresNIO

extension PostgresEventStore {
    public func onlineRollupState() async throws(StoreError) -> OnlineRollupState? {
        let logger = logger
        return try await read("reading the online rollup's state") { connection in try await Self.onlineRollupState(connection, logger: logger) }
    }

    public func onlineOutcomes(since start: EventTime?) async throws(StoreError) -> [OnlineOutcomeRow] {
        let logger = logger
        let from = start?.microseconds ?? Int64.min
        return try await read("reading the online rollup") { connection in
            let rows = try await connection.allRows(
                """
                SELECT period_start, model_version, route, answers, followed, rating_count, rating_mean, rating_squared_deviations,
                    watched_minutes, costed_minutes, views, costed_views, licence_cost
                FROM online_outcomes WHERE period_start >= \(from) ORDER BY period_start, model_version, route
                """, logger: logger)
            return try rows.decode((Int64, String, String, Int, Int, Int, Double, Double, Int, Int, Int, Int, Double).self).map {
                OnlineOutcomeRow(
                    periodStart: EventTime(microseconds: $0.0), modelVersion: $0.1, route: $0.2, answers: $0.3, followed: $0.4, ratingCount: $0.5,
                    ratingMean: $0.6, ratingSquaredDeviations: $0.7, watchedMinutes: $0.8, costedMinutes: $0.9, views: $0.10, costedViews: $0.11,
                    licenceCost: $0.12)
            }
        }
    }

    public func periodViews(since start: EventTime?) async throws(StoreError) -> [PeriodViewsRow] {
        let logger = logger
        let from = start?.microseconds ?? Int64.min
        return try await read("reading the views rollup") { connection in
            let rows = try await connection.allRows(
                "SELECT period_start, views, costed_views, licence_cost FROM period_views WHERE period_start >= \(from) ORDER BY period_start",
                logger: logger)
            return try rows.decode((Int64, Int, Int, Double).self).map {
                PeriodViewsRow(periodStart: EventTime(microseconds: $0.0), views: $0.1, costedViews: $0.2, licenceCost: $0.3)
            }
        }
    }

    public func recordOnlineFold(
        outcomes: [OnlineOutcomeRow], views: [PeriodViewsRow], state: OnlineRollupState, expected: OnlineRollupState?, clearing: Bool
    ) async throws(StoreError) -> Bool {
        let logger = logger
        return try await write("recording a fold of the online rollup") { connection in
            // The state's table is locked until the transaction ends (also before the first fold, when it has no row), so
            // of two folds the second reads the state the first recorded and is refused.
            try await connection.run("LOCK TABLE online_rollup IN EXCLUSIVE MODE", logger: logger)
            guard try await Self.onlineRollupState(connection, logger: logger) == expected else { return false }
            if clearing {
                try await connection.run("DELETE FROM online_outcomes", logger: logger)
                try await connection.run("DELETE FROM period_views", logger: logger)
            }
            for row in outcomes {
                let start = row.periodStart.microseconds
                try await connection.run(
                    """
                    INSERT INTO online_outcomes (period_start, model_version, route, answers, followed, rating_count, rating_mean,
                        rating_squared_deviations, watched_minutes, costed_minutes, views, costed_views, licence_cost)
                    VALUES (\(start), \(row.modelVersion), \(row.route), \(row.answers), \(row.followed), \(row.ratingCount), \(row.ratingMean),
                        \(row.ratingSquaredDeviations), \(row.watchedMinutes), \(row.costedMinutes), \(row.views), \(row.costedViews),
                        \(row.licenceCost))
                    ON CONFLICT (period_start, model_version, route) DO UPDATE SET answers = excluded.answers, followed = excluded.followed,
                        rating_count = excluded.rating_count, rating_mean = excluded.rating_mean,
                        rating_squared_deviations = excluded.rating_squared_deviations, watched_minutes = excluded.watched_minutes,
                        costed_minutes = excluded.costed_minutes, views = excluded.views, costed_views = excluded.costed_views,
                        licence_cost = excluded.licence_cost
                    """, logger: logger)
            }
            for row in views {
                let start = row.periodStart.microseconds
                try await connection.run(
                    """
                    INSERT INTO period_views (period_start, views, costed_views, licence_cost)
                    VALUES (\(start), \(row.views), \(row.costedViews), \(row.licenceCost))
                    ON CONFLICT (period_start) DO UPDATE SET views = excluded.views, costed_views = excluded.costed_views,
                        licence_cost = excluded.licence_cost
                    """, logger: logger)
            }
            let (folded, telemetryFrom) = (state.foldedBefore.microseconds, state.telemetryFrom?.microseconds)
            try await connection.run(
                """
                INSERT INTO online_rollup (id, folded_before, telemetry_from, settings) VALUES (1, \(folded), \(telemetryFrom), \(state.settings))
                ON CONFLICT (id) DO UPDATE SET folded_before = excluded.folded_before, telemetry_from = excluded.telemetry_from,
                    settings = excluded.settings
                """, logger: logger)
            return true
        }
    }

    private static func onlineRollupState(_ connection: PostgresConnection, logger: Logger) async throws -> OnlineRollupState? {
        let rows = try await connection.allRows("SELECT folded_before, telemetry_from, settings FROM online_rollup WHERE id = 1", logger: logger)
        return try rows.decode((Int64, Int64?, String).self).first.map {
            OnlineRollupState(foldedBefore: EventTime(microseconds: $0.0), telemetryFrom: $0.1.map(WallTime.init(microseconds:)), settings: $0.2)
        }
    }
}
