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
            // Read inside the transaction, so a user forgotten concurrently is never stored again.
            let (kept, dropped) = batch.dropping(try SQLiteEventStore.forgottenIDs(db))
            var writer = try BatchWriter(db: db)
            var outcome = try writer.write(kept, movies: &movies)
            outcome.forgotten = dropped
            return outcome
        }
    }
}

/// Writes one batch inside an open transaction; the per-event statements run as ``PreparedInsert``s.
struct BatchWriter {
    private let db: Database
    private let insertEvent: PreparedInsert
    private let insertRecommendation: PreparedInsert
    private let upsertInteraction: PreparedInsert
    private let insertUser: PreparedInsert
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
        insertEvent = try PreparedInsert(
            db, sql: "INSERT OR IGNORE INTO events (time, user, kind, movie, value, payload, batch) VALUES (?, ?, ?, ?, ?, ?, ?)")
        insertRecommendation = try PreparedInsert(
            db, sql: "INSERT INTO recommendations (time, user, server, status, items, error, latency_ms) VALUES (?, ?, ?, ?, ?, ?, ?)")
        upsertInteraction = try PreparedInsert(
            db,
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
        insertUser = try PreparedInsert(db, sql: "INSERT OR IGNORE INTO event_users (id) VALUES (?)")
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
                    INSERT INTO checkpoints (source, partition, offset, file_device, file_inode) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (source, partition) DO UPDATE
                    SET offset = excluded.offset, file_device = excluded.file_device, file_inode = excluded.file_inode
                    """
            ).execute(arguments: [batch.source, position.partition, position.offset, position.file?.columns.device, position.file?.columns.inode])
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
            try insertRecommendation.run { statement in
                time.bind(to: statement, at: 1) | user.bind(to: statement, at: 2) | request.server.bind(to: statement, at: 3)
                    | request.status.bind(to: statement, at: 4) | items.bind(to: statement, at: 5) | error.bind(to: statement, at: 6)
                    | request.responseTimeMilliseconds.bind(to: statement, at: 7)
            }
        case .accountCreated:
            guard try execute(time, user, StoredKind.account, 0, 0, "") else { return false }
            counts.account += 1
        }
        return true
    }

    /// Inserts an event row unless it exists; returns whether it was new.
    @inline(__always)
    private func execute(_ time: Int64, _ user: Int64, _ kind: Int64, _ movie: Int64, _ value: Int64, _ payload: String) throws -> Bool {
        try insertEvent.run { statement in
            time.bind(to: statement, at: 1) | user.bind(to: statement, at: 2) | kind.bind(to: statement, at: 3)
                | movie.bind(to: statement, at: 4) | value.bind(to: statement, at: 5) | payload.bind(to: statement, at: 6)
                | batchNumber.bind(to: statement, at: 7)
        }
    }

    /// Records the users the events name in `event_users`, each once, in id order (see `SQLiteSchema.v9`).
    private func recordUsers(of events: [Event]) throws {
        for user in Set(events.map(\.user.rawValue)).sorted() {
            try insertUser.run { statement in user.bind(to: statement, at: 1) }
        }
    }

    private mutating func flushInteractions() throws {
        for (key, delta) in interactions {
            try upsertInteraction.run { statement in
                key.user.bind(to: statement, at: 1) | key.movie.bind(to: statement, at: 2) | delta.minutes.bind(to: statement, at: 3)
                    | delta.rating.bind(to: statement, at: 4) | delta.ratingTime.bind(to: statement, at: 5)
                    | delta.lastTime.bind(to: statement, at: 6)
            }
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
            sql: "INSERT OR IGNORE INTO quarantine (source, offset, line, length, reason, detail, batch) VALUES (?, ?, ?, ?, ?, ?, ?)")
        var added = 0
        for line in lines {
            try insert.execute(arguments: [line.source, line.offset, line.line, line.length, line.reason.rawValue, line.detail, batchNumber])
            added += db.changesCount
        }
        return added
    }
}
