import GRDB
import MarqueeCore

extension SQLiteEventStore {
    /// Every interned movie by key; ids of one movie share their storage, so millions of rows cost no string each.
    static func movieIDs(in db: Database, location: String) throws -> [Int64: MovieID] {
        var movies: [Int64: MovieID] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT key, slug FROM movies")
        while let row = try rows.next() {
            let slug: String = row[1]
            guard let movie = MovieID(slug) else {
                throw StoreError(.corrupt, "\(location) holds an invalid movie slug '\(slug)'; the store is damaged")
            }
            movies[row[0]] = movie
        }
        return movies
    }

    /// The checkpointed position of a source (its lowest partition), or `nil` if nothing of it was stored yet.
    public func position(of source: String) async throws(StoreError) -> SourcePosition? {
        try await read("reading the checkpoint of \(source)") { db in
            let row = try Row.fetchOne(
                db, sql: "SELECT partition, offset, file_device, file_inode FROM checkpoints WHERE source = ? ORDER BY partition LIMIT 1",
                arguments: [source])
            return row.map { SourcePosition(partition: $0[0], offset: $0[1], file: FileIdentity(storedDevice: $0[2], storedInode: $0[3])) }
        }
    }

    /// Per (user, movie): minutes watched and the latest rating, ordered by user, then by the order movies were first seen.
    ///
    /// Movie ids are shared between interactions of the same movie, so millions of interactions cost no string per row.
    public func interactions() async throws(StoreError) -> [Interaction] {
        let location = location
        return try await read("reading interactions") { db in
            let movies = try Self.movieIDs(in: db, location: location)
            var interactions: [Interaction] = []
            let rows = try Row.fetchCursor(
                db, sql: "SELECT user, movie, minutes_watched, latest_rating, last_time FROM interactions ORDER BY user, movie")
            while let row = try rows.next() {
                let key: Int64 = row[1]
                guard let user = UserID(row[0] as Int64), let movie = movies[key] else {
                    throw StoreError(.corrupt, "\(location) holds an interaction with an invalid user or movie key \(key); the store is damaged")
                }
                interactions.append(
                    Interaction(
                        user: user, movie: movie, minutesWatched: row[2], latestRating: row[3], lastTime: EventTime(microseconds: row[4])))
            }
            return interactions
        }
    }

    /// The watch and rate events of a window (arguments: the two kinds, the window's start), through the primary key,
    /// which starts with the event time (`ActivityWindowCostTests`).
    static let activityQuery =
        "SELECT time, user, kind, movie, value FROM events WHERE kind IN (?, ?) AND time >= ? ORDER BY time, user, movie, value"

    /// A window's watch and rate events summed up while read, in one pass through the primary key (which starts with the
    /// event time).
    public func activitySummary(from start: EventTime, through end: EventTime?) async throws(StoreError) -> ActivitySummary {
        let location = location
        return try await read("summing up watch and rate events") { db in
            let slugs = try Self.movieIDs(in: db, location: location)
            // One pass over the window in time order, through the primary key, summing as it reads: a GROUP BY would sort
            // every minute event, and a query per part would read the window once per part.
            var minutes: [Int64: [Int64: Int]] = [:]
            var ratings: [Int] = []
            var latest: Int64?
            let rows = try Row.fetchCursor(
                db, sql: "SELECT time, user, kind, movie, value FROM events WHERE kind IN (?, ?) AND time >= ? AND time <= ?",
                arguments: [StoredKind.watch, StoredKind.rate, start.microseconds, end?.microseconds ?? Int64.max])
            while let row = try rows.next() {
                let time: Int64 = row[0]
                latest = max(latest ?? time, time)
                if row[2] as Int64 == StoredKind.watch { minutes[row[1], default: [:]][row[3], default: 0] += 1 } else { ratings.append(row[4]) }
            }
            var watched: [WatchedMinutes] = []
            for (userKey, movies) in minutes {
                for (key, count) in movies {
                    guard let user = UserID(userKey), let movie = slugs[key] else {
                        throw StoreError(.corrupt, "\(location) holds an event with an invalid user or movie key \(key); the store is damaged")
                    }
                    watched.append(WatchedMinutes(user: user, movie: movie, minutes: count))
                }
            }
            return ActivitySummary(watched: watched.sorted(), ratings: ratings, latest: latest.map(EventTime.init(microseconds:)))
        }
    }

    /// Watch and rate events in event-time order (then user, movie, value), optionally from `start` on.
    public func activity(since start: EventTime?) async throws(StoreError) -> [Event] {
        let location = location
        return try await read("reading watch and rate events") { db in
            let slugs = try Self.movieIDs(in: db, location: location)
            var events: [Event] = []
            let rows = try Row.fetchCursor(
                db, sql: Self.activityQuery, arguments: [StoredKind.watch, StoredKind.rate, start?.microseconds ?? Int64.min])
            while let row = try rows.next() {
                let key: Int64 = row[3]
                guard let user = UserID(row[1] as Int64), let movie = slugs[key] else {
                    throw StoreError(.corrupt, "\(location) holds an event with an invalid user or movie key \(key); the store is damaged")
                }
                let kind: Int64 = row[2]
                let value: Int = row[4]
                events.append(
                    Event(
                        time: EventTime(microseconds: row[0]), user: user,
                        kind: kind == StoredKind.watch ? .watch(movie: movie, minute: value) : .rate(movie: movie, rating: value)))
            }
            return events
        }
    }

    /// The event time of the latest logged recommendation request (one indexed lookup), or `nil` before any.
    public func latestRecommendationTime() async throws(StoreError) -> EventTime? {
        try await read("reading the latest recommendation time") { db in
            try Int64.fetchOne(db, sql: "SELECT max(time) FROM recommendations").map(EventTime.init(microseconds:))
        }
    }

    /// Recommendation requests logged by the service, in event-time order (then log order), optionally from `start` on.
    public func recommendationRequests(since start: EventTime?) async throws(StoreError) -> [LoggedRecommendation] {
        try await read("reading recommendation requests") { db in
            var records: [LoggedRecommendation] = []
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT time, user, server, status, items, error, latency_ms FROM recommendations
                    WHERE time >= ? ORDER BY time, id
                    """,
                arguments: [start?.microseconds ?? Int64.min])
            while let row = try rows.next() {
                guard let user = UserID(row[1] as Int64) else { continue }
                let result = RecommendationColumns.result(items: row[4], error: row[5])
                let request = RecommendationRequest(server: row[2], status: row[3], result: result, responseTimeMilliseconds: row[6])
                records.append(LoggedRecommendation(time: EventTime(microseconds: row[0]), user: user, request: request))
            }
            return records
        }
    }

    /// Counts of events, quarantined lines, duplicates, users and movies.
    public func statistics() async throws(StoreError) -> StoreStatistics {
        try await read("reading statistics") { db in
            var counters: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT name, value FROM counters") {
                counters[row[0]] = row[1]
            }
            let watch = counters[StoreCounter.watch] ?? 0
            let rate = counters[StoreCounter.rate] ?? 0
            let recommendation = counters[StoreCounter.recommendation] ?? 0
            let account = counters[StoreCounter.account] ?? 0
            var byReason: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT reason, count(*) FROM quarantine GROUP BY reason") {
                byReason[row[0]] = row[1]
            }
            return StoreStatistics(
                events: .init(
                    total: watch + rate + recommendation + account, watch: watch, rate: rate, recommendation: recommendation,
                    account: account),
                quarantine: .init(total: byReason.values.reduce(0, +), byReason: byReason),
                duplicates: counters[StoreCounter.duplicates] ?? 0,
                users: try Int.fetchOne(db, sql: "SELECT count(*) FROM users") ?? 0,
                movies: try Int.fetchOne(db, sql: "SELECT count(*) FROM movies WHERE record IS NOT NULL") ?? 0,
                telemetry: try Int.fetchOne(db, sql: "SELECT count(*) FROM telemetry") ?? 0)
        }
    }

    public func ingestLedger(afterBatch: Int64, throughBatch: Int64) async throws(StoreError) -> IngestLedger {
        try await read("reading the ingest ledger") { db in
            var ledger = IngestLedger()
            let range: StatementArguments = [afterBatch, throughBatch]
            if let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT count(*), sum(stored), sum(duplicates), sum(late), min(first_time), max(last_time)
                    FROM batches WHERE number > ? AND number <= ?
                    """, arguments: range)
            {
                ledger.batches = row[0]
                ledger.stored = row[1] ?? 0
                ledger.duplicates = row[2] ?? 0
                ledger.late = row[3] ?? 0
                ledger.eventTimeFrom = (row[4] as Int64?).map(EventTime.init(microseconds:))
                ledger.eventTimeTo = (row[5] as Int64?).map(EventTime.init(microseconds:))
            }
            for row in try Row.fetchAll(
                db, sql: "SELECT reason, count(*) FROM quarantine WHERE batch > ? AND batch <= ? GROUP BY reason", arguments: range)
            {
                ledger.quarantinedByReason[row[0]] = row[1]
            }
            return ledger
        }
    }
}

extension SQLiteEventStore {
    /// One `GROUP BY` over the recommendations table, using its time index for `start`.
    public func recommendationOutcomes(bucketSeconds: Int64, since start: EventTime?) async throws(StoreError) -> [RecommendationOutcomeCount] {
        let length = max(1, bucketSeconds) * 1_000_000
        return try await read("counting recommendation outcomes") { db in
            // Floors towards −∞ also for times before 1970, like the protocol's reference implementation.
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT (time / ?1 - (time % ?1 < 0)) * ?1 AS bucket, status = 200 AS ok, latency_ms, count(*)
                    FROM recommendations WHERE time >= ?2 GROUP BY bucket, ok, latency_ms ORDER BY bucket, ok, latency_ms
                    """,
                arguments: [length, start?.microseconds ?? Int64.min])
            return rows.map {
                RecommendationOutcomeCount(bucketStart: EventTime(microseconds: $0[0]), succeeded: $0[1], latencyMilliseconds: $0[2], count: $0[3])
            }
        }
    }
}
