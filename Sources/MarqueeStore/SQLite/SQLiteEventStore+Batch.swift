import GRDB
import MarqueeCore

extension SQLiteEventStore {
    /// Stores a batch in one transaction: new events, their derived interactions and recommendation records,
    /// the quarantined lines, the duplicate counters and the source checkpoint.
    ///
    /// - Throws: ``StoreError`` `.writeFailed` (with the reason and the fix); nothing of the batch is stored then.
    public func store(_ batch: IngestBatch) async throws(StoreError) -> BatchOutcome {
        if batch.events.isEmpty, batch.quarantined.isEmpty, batch.position == nil { return BatchOutcome() }
        return try await write("storing a batch of \(batch.source)") { db, movies in
            var writer = try BatchWriter(db: db)
            return try writer.write(batch, movies: &movies)
        }
    }
}

/// Writes one batch inside an open transaction with cached statements.
struct BatchWriter {
    private let db: Database
    private let insertEvent: Statement
    private let insertRecommendation: Statement
    private var interactions: [InteractionKey: InteractionDelta] = [:]
    private var counts = KindCounts()
    private var payloads = RecommendationPayload()
    /// The number of this batch, stored with each of its events (see `SQLiteSchema.v3`).
    private let batchNumber: Int64
    /// The stored events' arrival order: which came late, and the event-time range covered.
    private var arrival: ArrivalTracker

    init(db: Database) throws {
        self.db = db
        batchNumber = (try Int64.fetchOne(db, sql: "SELECT value FROM counters WHERE name = ?", arguments: [StoreCounter.batches]) ?? 0) + 1
        arrival = ArrivalTracker(
            latestStored: try Int64.fetchOne(db, sql: "SELECT value FROM counters WHERE name = ?", arguments: [StoreCounter.latestTime]))
        insertEvent = try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO events (time, user, kind, movie, value, payload, batch) VALUES (?, ?, ?, ?, ?, ?, ?)")
        insertRecommendation = try db.cachedStatement(
            sql: "INSERT INTO recommendations (time, user, server, status, items, error, latency_ms) VALUES (?, ?, ?, ?, ?, ?, ?)")
    }

    mutating func write(_ batch: IngestBatch, movies: inout MovieKeyResolver) throws -> BatchOutcome {
        var outcome = BatchOutcome()
        for event in batch.events {
            if try insert(event, movies: &movies) {
                outcome.stored += 1
                arrival.add(event.time.microseconds)
            } else {
                outcome.duplicates += 1
            }
        }
        try flushInteractions()
        try recordUsers(of: batch.events)
        try updateCounters(duplicates: outcome.duplicates)
        outcome.quarantined = try insertQuarantine(batch.quarantined)
        try recordInLedger(batch.source, outcome)
        if let position = batch.position {
            try db.cachedStatement(
                sql: """
                    INSERT INTO checkpoints (source, partition, offset) VALUES (?, ?, ?)
                    ON CONFLICT (source, partition) DO UPDATE SET offset = excluded.offset
                    """
            ).execute(arguments: [batch.source, position.partition, position.offset])
        }
        return outcome
    }

    /// Inserts one event unless an identical one is stored; returns whether it was new.
    private mutating func insert(_ event: Event, movies: inout MovieKeyResolver) throws -> Bool {
        let time = event.time.microseconds
        let user = event.user.rawValue
        switch event.kind {
        case .watch(let movie, let minute):
            let key = try movies.key(for: movie.slug)
            guard try execute(time, user, StoredKind.watch, key, Int64(minute), "") else { return false }
            counts.watch += 1
            interactions[InteractionKey(user: user, movie: key), default: InteractionDelta()].addWatch(at: time)
        case .rate(let movie, let rating):
            let key = try movies.key(for: movie.slug)
            guard try execute(time, user, StoredKind.rate, key, Int64(rating), "") else { return false }
            counts.rate += 1
            interactions[InteractionKey(user: user, movie: key), default: InteractionDelta()].addRating(rating, at: time)
        case .recommendation(let request):
            let payload = payloads.payload(of: event)
            guard try execute(time, user, StoredKind.recommendation, 0, 0, payload) else { return false }
            counts.recommendation += 1
            let (items, error) = RecommendationColumns.columns(of: request.result)
            insertRecommendation.setUncheckedArguments([
                time, user, request.server, request.status, items, error, request.responseTimeMilliseconds,
            ])
            try insertRecommendation.execute()
        case .accountCreated:
            guard try execute(time, user, StoredKind.account, 0, 0, "") else { return false }
            counts.account += 1
        }
        return true
    }

    /// Inserts an event row unless it exists; returns whether it was new.
    ///
    /// The hot path of ingest: values are bound straight to the SQLite statement, because building
    /// `StatementArguments` (an array of existentials) per row costs about a third of the insert.
    /// `setUncheckedArguments` with no arguments resets the statement, clears its bindings and marks
    /// them valid, so `execute()` then only resets and steps with the values bound here.
    @inline(__always)
    private func execute(_ time: Int64, _ user: Int64, _ kind: Int64, _ movie: Int64, _ value: Int64, _ payload: String) throws -> Bool {
        insertEvent.setUncheckedArguments(Self.noArguments)
        let statement = insertEvent.sqliteStatement
        // SQLITE_OK is 0: the union of the result codes is 0 only if every bind succeeded.
        var codes = time.bind(to: statement, at: 1) | user.bind(to: statement, at: 2) | kind.bind(to: statement, at: 3)
        codes |= movie.bind(to: statement, at: 4) | value.bind(to: statement, at: 5) | payload.bind(to: statement, at: 6)
        codes |= batchNumber.bind(to: statement, at: 7)
        guard codes == 0 else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "binding the values of an event failed")
        }
        try insertEvent.execute()
        return db.changesCount > 0
    }

    private static let noArguments = StatementArguments()

    /// Records the users the events name in `event_users`, each once, in id order (see `SQLiteSchema.v9`).
    private func recordUsers(of events: [Event]) throws {
        guard !events.isEmpty else { return }
        let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO event_users (id) VALUES (?)")
        for user in Set(events.map(\.user.rawValue)).sorted() {
            insert.setUncheckedArguments([user])
            try insert.execute()
        }
    }

    private mutating func flushInteractions() throws {
        guard !interactions.isEmpty else { return }
        let upsert = try db.cachedStatement(
            sql: """
                INSERT INTO interactions (user, movie, minutes_watched, latest_rating, latest_rating_time, last_time)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (user, movie) DO UPDATE SET
                    minutes_watched = minutes_watched + excluded.minutes_watched,
                    latest_rating = CASE
                        WHEN excluded.latest_rating_time IS NOT NULL
                            AND (latest_rating_time IS NULL OR excluded.latest_rating_time >= latest_rating_time)
                        THEN excluded.latest_rating ELSE latest_rating END,
                    latest_rating_time = CASE
                        WHEN excluded.latest_rating_time IS NOT NULL
                            AND (latest_rating_time IS NULL OR excluded.latest_rating_time >= latest_rating_time)
                        THEN excluded.latest_rating_time ELSE latest_rating_time END,
                    last_time = max(last_time, excluded.last_time)
                """)
        for (key, delta) in interactions {
            upsert.setUncheckedArguments([key.user, key.movie, delta.minutes, delta.rating, delta.ratingTime, delta.lastTime])
            try upsert.execute()
        }
        interactions.removeAll(keepingCapacity: true)
    }

    private func updateCounters(duplicates: Int) throws {
        let add = try db.cachedStatement(
            sql: "INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = value + excluded.value")
        for (name, delta) in counts.counterDeltas(duplicates: duplicates) where delta != 0 {
            try add.execute(arguments: [name, delta])
        }
    }

    /// Adds the batch's row to the ingest ledger (see `SQLiteSchema.v6`) and moves the latest stored event time on.
    private func recordInLedger(_ source: String, _ outcome: BatchOutcome) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO batches (number, source, stored, duplicates, quarantined, late, first_time, last_time)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            batchNumber, source, outcome.stored, outcome.duplicates, outcome.quarantined, arrival.late, arrival.firstTime, arrival.lastTime,
        ])
        if let latest = arrival.latestStored {
            try db.cachedStatement(
                sql: "INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = max(value, excluded.value)"
            ).execute(arguments: [StoreCounter.latestTime, latest])
        }
    }

    private func insertQuarantine(_ lines: [QuarantinedLine]) throws -> Int {
        guard !lines.isEmpty else { return 0 }
        let insert = try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO quarantine (source, offset, line, reason, detail, batch) VALUES (?, ?, ?, ?, ?, ?)")
        var added = 0
        for line in lines {
            try insert.execute(arguments: [line.source, line.offset, line.line, line.reason.rawValue, line.detail, batchNumber])
            added += db.changesCount
        }
        return added
    }
}
