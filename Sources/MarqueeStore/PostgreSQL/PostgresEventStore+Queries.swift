import Logging
import MarqueeCore
import PostgresNIO

extension PostgresEventStore {
    /// The checkpointed position of a source (its lowest partition), or `nil` if nothing of it was stored yet.
    public func position(of source: String) async throws(StoreError) -> SourcePosition? {
        let logger = logger
        return try await read("reading the checkpoint of \(source)") { connection in
            try await connection.allRows(
                "SELECT partition, next_offset, file_device, file_inode FROM checkpoints WHERE source = \(source) ORDER BY partition LIMIT 1",
                logger: logger
            ).decode((Int, Int64, Int64?, Int64?).self).first.map {
                SourcePosition(partition: $0.0, offset: $0.1, file: FileIdentity(storedDevice: $0.2, storedInode: $0.3))
            }
        }
    }

    /// Per (user, movie): minutes watched and the latest rating, ordered by user, then by the order movies were first seen.
    public func interactions() async throws(StoreError) -> [Interaction] {
        let (logger, location) = (logger, location)
        return try await read("reading interactions") { connection in
            let movies = try await Self.movieIDs(by: connection, location: location, logger: logger)
            var interactions: [Interaction] = []
            let rows = try await connection.allRows(
                "SELECT user_id, movie, minutes_watched, latest_rating, last_time FROM interactions ORDER BY user_id, movie", logger: logger)
            for (user, key, minutes, rating, last) in try rows.decode((Int64, Int64, Int, Int?, Int64).self) {
                guard let user = UserID(user), let movie = movies[key] else {
                    throw StoreError(.corrupt, "\(location) holds an interaction with an invalid user or movie key \(key); the store is damaged")
                }
                interactions.append(
                    Interaction(user: user, movie: movie, minutesWatched: minutes, latestRating: rating, lastTime: EventTime(microseconds: last)))
            }
            return interactions
        }
    }

    /// A window's watch and rate events summed up in SQL, through `events_by_kind` (kind, event time).
    public func activitySummary(from start: EventTime, through end: EventTime?) async throws(StoreError) -> ActivitySummary {
        let (logger, location) = (logger, location)
        return try await read("summing up watch and rate events") { connection in
            let movies = try await Self.movieIDs(by: connection, location: location, logger: logger)
            let (from, through) = (start.microseconds, end?.microseconds ?? Int64.max)
            var watched: [WatchedMinutes] = []
            let pairs = try await connection.allRows(
                """
                SELECT user_id, movie, COUNT(*) FROM events
                WHERE kind = \(StoredKind.watch) AND event_time >= \(from) AND event_time <= \(through)
                GROUP BY user_id, movie
                """, logger: logger)
            for (user, key, minutes) in try pairs.decode((Int64, Int64, Int64).self) {
                guard let user = UserID(user), let movie = movies[key] else {
                    throw StoreError(.corrupt, "\(location) holds an event with an invalid user or movie key \(key); the store is damaged")
                }
                watched.append(WatchedMinutes(user: user, movie: movie, minutes: Int(minutes)))
            }
            let ratings = try await connection.allRows(
                "SELECT value FROM events WHERE kind = \(StoredKind.rate) AND event_time >= \(from) AND event_time <= \(through)",
                logger: logger
            ).decode(Int.self)
            let latest =
                try await connection.allRows(
                    """
                    SELECT MAX(event_time) FROM events
                    WHERE kind IN (\(StoredKind.watch), \(StoredKind.rate)) AND event_time >= \(from) AND event_time <= \(through)
                    """, logger: logger
                ).decode(Int64?.self).first ?? nil
            return ActivitySummary(watched: watched.sorted(), ratings: ratings, latest: latest.map(EventTime.init(microseconds:)))
        }
    }

    /// Watch and rate events in event-time order (then user, movie, value), optionally from `start` on.
    public func activity(since start: EventTime?) async throws(StoreError) -> [Event] {
        let (logger, location) = (logger, location)
        return try await read("reading watch and rate events") { connection in
            let movies = try await Self.movieIDs(by: connection, location: location, logger: logger)
            var events: [Event] = []
            let rows = try await connection.allRows(
                """
                SELECT event_time, user_id, kind, movie, value FROM events
                WHERE kind IN (\(StoredKind.watch), \(StoredKind.rate)) AND event_time >= \(start?.microseconds ?? Int64.min)
                ORDER BY event_time, user_id, movie, value
                """, logger: logger)
            for (time, user, kind, key, value) in try rows.decode((Int64, Int64, Int64, Int64, Int).self) {
                guard let user = UserID(user), let movie = movies[key] else {
                    throw StoreError(.corrupt, "\(location) holds an event with an invalid user or movie key \(key); the store is damaged")
                }
                events.append(
                    Event(
                        time: EventTime(microseconds: time), user: user,
                        kind: kind == StoredKind.watch ? .watch(movie: movie, minute: value) : .rate(movie: movie, rating: value)))
            }
            return events
        }
    }

    /// The event time of the latest logged recommendation request (one indexed lookup), or `nil` before any.
    public func latestRecommendationTime() async throws(StoreError) -> EventTime? {
        let logger = logger
        return try await read("reading the latest recommendation time") { connection in
            try await connection.allRows("SELECT max(event_time) FROM recommendations", logger: logger).decode(Int64?.self)
                .first?.map(EventTime.init(microseconds:))
        }
    }

    /// Recommendation requests logged by the service, in event-time order (then log order), optionally from `start` on.
    public func recommendationRequests(since start: EventTime?) async throws(StoreError) -> [LoggedRecommendation] {
        let logger = logger
        return try await read("reading recommendation requests") { connection in
            var records: [LoggedRecommendation] = []
            let rows = try await connection.allRows(
                """
                SELECT event_time, user_id, server, status, items, error, latency_ms FROM recommendations
                WHERE event_time >= \(start?.microseconds ?? Int64.min) ORDER BY event_time, id
                """, logger: logger)
            for (time, user, server, status, items, error, latency) in try rows.decode((Int64, Int64, String, Int, String, String?, Int).self) {
                guard let user = UserID(user) else { continue }
                let request = RecommendationRequest(
                    server: server, status: status, result: RecommendationColumns.result(items: items, error: error),
                    responseTimeMilliseconds: latency)
                records.append(LoggedRecommendation(time: EventTime(microseconds: time), user: user, request: request))
            }
            return records
        }
    }

    /// Counts of events, quarantined lines, duplicates, users and movies.
    public func statistics() async throws(StoreError) -> StoreStatistics {
        let logger = logger
        return try await read("reading statistics") { connection in
            var counters: [String: Int] = [:]
            for (name, value) in try await connection.allRows("SELECT name, value FROM counters", logger: logger).decode((String, Int).self) {
                counters[name] = value
            }
            var byReason: [String: Int] = [:]
            let reasons = try await connection.allRows("SELECT reason, count(*) FROM quarantine GROUP BY reason", logger: logger)
            for (reason, count) in try reasons.decode((String, Int).self) {
                byReason[reason] = count
            }
            let counts =
                try await connection.allRows(
                    """
                    SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM movies WHERE record IS NOT NULL), (SELECT count(*) FROM telemetry)
                    """, logger: logger
                ).decode((Int, Int, Int).self).first ?? (0, 0, 0)
            let watch = counters[StoreCounter.watch] ?? 0
            let rate = counters[StoreCounter.rate] ?? 0
            let recommendation = counters[StoreCounter.recommendation] ?? 0
            let account = counters[StoreCounter.account] ?? 0
            return StoreStatistics(
                events: .init(
                    total: watch + rate + recommendation + account, watch: watch, rate: rate, recommendation: recommendation, account: account),
                quarantine: .init(total: byReason.values.reduce(0, +), byReason: byReason),
                duplicates: counters[StoreCounter.duplicates] ?? 0, users: counts.0, movies: counts.1, telemetry: counts.2)
        }
    }

    /// Every interned movie by key; ids of one movie share their storage, so millions of rows cost no string each.
    static func movieIDs(by connection: PostgresConnection, location: String, logger: Logger) async throws -> [Int64: MovieID] {
        var movies: [Int64: MovieID] = [:]
        for (key, slug) in try await connection.allRows("SELECT key, slug FROM movies", logger: logger).decode((Int64, String).self) {
            guard let movie = MovieID(slug) else {
                throw StoreError(.corrupt, "\(location) holds an invalid movie slug '\(slug)'; the store is damaged")
            }
            movies[key] = movie
        }
        return movies
    }

    public func ingestLedger(afterBatch: Int64, throughBatch: Int64) async throws(StoreError) -> IngestLedger {
        let logger = logger
        return try await read("reading the ingest ledger") { connection in
            var ledger = IngestLedger()
            let totals = try await connection.allRows(
                """
                SELECT count(*), sum(stored)::int8, sum(duplicates)::int8, sum(late)::int8, min(first_time), max(last_time)
                FROM batches WHERE number > \(afterBatch) AND number <= \(throughBatch)
                """, logger: logger)
            for (batches, stored, duplicates, late, first, last) in try totals.decode((Int, Int?, Int?, Int?, Int64?, Int64?).self) {
                ledger.batches = batches
                ledger.stored = stored ?? 0
                ledger.duplicates = duplicates ?? 0
                ledger.late = late ?? 0
                ledger.eventTimeFrom = first.map(EventTime.init(microseconds:))
                ledger.eventTimeTo = last.map(EventTime.init(microseconds:))
            }
            let reasons = try await connection.allRows(
                "SELECT reason, count(*) FROM quarantine WHERE batch > \(afterBatch) AND batch <= \(throughBatch) GROUP BY reason", logger: logger)
            for (reason, count) in try reasons.decode((String, Int).self) { ledger.quarantinedByReason[reason] = count }
            return ledger
        }
    }
}
