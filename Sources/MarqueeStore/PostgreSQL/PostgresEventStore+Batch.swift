import Logging
import MarqueeCore
import PostgresNIO

extension PostgresEventStore {
    /// Stores a batch in one transaction: new events, their derived interactions and recommendation records, the
    /// quarantined lines, the counters and the source checkpoint. A fixed number of round trips whatever the size:
    /// each table gets one statement over arrays (`unnest`).
    ///
    /// - Throws: ``StoreError`` `.writeFailed` (with the reason and the fix); nothing of the batch is stored then.
    public func store(_ batch: IngestBatch) async throws(StoreError) -> BatchOutcome {
        if batch.events.isEmpty, batch.quarantined.isEmpty, batch.position == nil { return BatchOutcome() }
        let (logger, movieKeys) = (logger, movieKeys)
        let known = movieKeys.snapshot
        let (outcome, added) = try await write("storing a batch of \(batch.source)") { connection in
            // Read inside the transaction after locking the batches counter row, which `forget` locks too: a user
            // forgotten concurrently is never stored again.
            try await connection.run("SELECT value FROM counters WHERE name = \(StoreCounter.batches) FOR UPDATE", logger: logger)
            var forgotten = Set<Int64>()
            for id in try await connection.allRows("SELECT id FROM forgotten_users", logger: logger).decode(Int64.self) {
                forgotten.insert(id)
            }
            let (kept, dropped) = batch.dropping(forgotten)
            var writer = PostgresBatchWriter(connection: connection, logger: logger, known: known)
            var outcome = try await writer.write(kept)
            outcome.forgotten = dropped
            return (outcome, writer.addedKeys)
        }
        movieKeys.merge(added)
        return outcome
    }
}

/// Writes one batch inside an open transaction.
struct PostgresBatchWriter {
    let connection: PostgresConnection
    let logger: Logger
    let known: [String: Int64]
    /// Movie keys created or looked up in this transaction; the cache takes them once it committed.
    private(set) var addedKeys: [String: Int64] = [:]

    init(connection: PostgresConnection, logger: Logger, known: [String: Int64]) {
        self.connection = connection
        self.logger = logger
        self.known = known
    }

    mutating func write(_ batch: IngestBatch) async throws -> BatchOutcome {
        // Locking the batches counter row serialises batches, so their numbers follow commit order.
        let batchNumber: Int64 =
            try await connection.allRows(
                "UPDATE counters SET value = value + 1 WHERE name = \(StoreCounter.batches) RETURNING value", logger: logger
            ).decode(Int64.self).first ?? 1
        try await resolveMovies(of: batch.events)
        let added = addedKeys
        let rows = EventRows(events: batch.events) { [known] in known[$0] ?? added[$0] ?? 0 }
        let inserted = try await insert(rows, batch: batchNumber)
        var derived = DerivedRows()
        var arrival = ArrivalTracker(
            latestStored: try await connection.allRows("SELECT value FROM counters WHERE name = \(StoreCounter.latestTime)", logger: logger)
                .decode(Int64.self).first)
        for index in inserted {
            let event = rows.events[index]
            derived.add(event, movie: rows.movies[index])
            arrival.add(event.time.microseconds)
        }
        var outcome = BatchOutcome(stored: inserted.count, duplicates: batch.events.count - inserted.count)
        try await recordUsers(of: batch.events)
        try await upsertInteractions(derived.interactions)
        try await insertRecommendations(derived.recommendations)
        try await addToCounters(derived.counts.counterDeltas(duplicates: outcome.duplicates).filter { $0.name != StoreCounter.batches })
        outcome.quarantined = try await insertQuarantine(batch.quarantined, batch: batchNumber)
        try await recordInLedger(batchNumber, batch.source, outcome, arrival)
        if let position = batch.position {
            try await connection.run(
                """
                INSERT INTO checkpoints (source, partition, next_offset, file_device, file_inode)
                VALUES (\(batch.source), \(position.partition), \(position.offset), \(position.file?.columns.device), \(position.file?.columns.inode))
                ON CONFLICT (source, partition) DO UPDATE
                SET next_offset = excluded.next_offset, file_device = excluded.file_device, file_inode = excluded.file_inode
                """, logger: logger)
        }
        return outcome
    }

    /// Interns the slugs of the batch's watch and rate events that the cache does not know, in slug order.
    private mutating func resolveMovies(of events: [Event]) async throws {
        var missing = Set<String>()
        for event in events {
            switch event.kind {
            case .watch(let movie, _), .rate(let movie, _):
                if known[movie.slug] == nil { missing.insert(movie.slug) }
            case .recommendation, .accountCreated: continue
            }
        }
        guard !missing.isEmpty else { return }
        let slugs = missing.sorted()
        try await connection.run(
            "INSERT INTO movies (slug) SELECT unnest(\(slugs)::text[]) ORDER BY 1 ON CONFLICT (slug) DO NOTHING", logger: logger)
        for (key, slug) in try await connection.allRows(
            "SELECT key, slug FROM movies WHERE slug = ANY(\(slugs)::text[])", logger: logger
        ).decode((Int64, String).self) {
            addedKeys[slug] = key
        }
    }

    /// Inserts the batch's distinct events, skipping those already stored; returns the indexes (in `rows`) of those
    /// inserted, in order.
    ///
    /// The server matches the inserted rows back to their positions and answers with one array, so the client decodes
    /// one value per new event rather than a row of six columns, and hashes nothing.
    private func insert(_ rows: EventRows, batch: Int64) async throws -> [Int] {
        guard !rows.times.isEmpty else { return [] }
        let result = try await connection.allRows(
            """
            WITH input AS MATERIALIZED (
                SELECT * FROM unnest(
                    \(rows.times)::int8[], \(rows.users)::int8[], \(rows.kinds)::int8[], \(rows.movies)::int8[], \(rows.values)::int8[],
                    \(rows.payloads)::text[]) WITH ORDINALITY AS r(t, u, k, m, v, p, n)
            ), inserted AS (
                INSERT INTO events (event_time, user_id, kind, movie, value, payload, batch)
                SELECT t, u, k, m, v, p, \(batch) FROM input ORDER BY n
                ON CONFLICT DO NOTHING
                RETURNING event_time, user_id, kind, movie, value, payload
            )
            SELECT coalesce(array_agg(input.n - 1 ORDER BY input.n), '{}')
            FROM input JOIN inserted ON inserted.event_time = input.t AND inserted.user_id = input.u AND inserted.kind = input.k
                AND inserted.movie = input.m AND inserted.value = input.v AND inserted.payload = input.p
            """, logger: logger)
        var indexes: [Int64] = []
        for positions in try result.decode([Int64].self) { indexes = positions }
        guard indexes.allSatisfy({ (0..<Int64(rows.times.count)).contains($0) }) else {
            throw StoreError(
                .writeFailed, "the server matched the inserted events to positions outside the batch of \(rows.times.count); nothing of it is stored")
        }
        return indexes.map { Int($0) }
    }

    /// Records the users the events name in `event_users`, each once, in id order (see `PostgresSchema.v6`).
    private func recordUsers(of events: [Event]) async throws {
        guard !events.isEmpty else { return }
        let users = Set(events.map(\.user.rawValue)).sorted()
        try await connection.run("INSERT INTO event_users (id) SELECT unnest(\(users)::int8[]) ON CONFLICT DO NOTHING", logger: logger)
    }

    private func upsertInteractions(_ interactions: [InteractionKey: InteractionDelta]) async throws {
        guard !interactions.isEmpty else { return }
        let sorted = interactions.sorted { ($0.key.user, $0.key.movie) < ($1.key.user, $1.key.movie) }
        let users = sorted.map(\.key.user), movies = sorted.map(\.key.movie), minutes = sorted.map { Int64($0.value.minutes) }
        let ratings = sorted.map { Int64($0.value.rating ?? 0) }, ratingTimes = sorted.map { $0.value.ratingTime ?? 0 }
        let rated = sorted.map { $0.value.ratingTime != nil }, lastTimes = sorted.map(\.value.lastTime)
        try await connection.run(
            """
            INSERT INTO interactions AS i (user_id, movie, minutes_watched, latest_rating, latest_rating_time, last_time)
            SELECT u, m, w, CASE WHEN h THEN r END, CASE WHEN h THEN rt END, l FROM unnest(
                \(users)::int8[], \(movies)::int8[], \(minutes)::int8[], \(ratings)::int8[], \(ratingTimes)::int8[], \(rated)::bool[],
                \(lastTimes)::int8[]) AS d(u, m, w, r, rt, h, l)
            ON CONFLICT (user_id, movie) DO UPDATE SET
                minutes_watched = i.minutes_watched + excluded.minutes_watched,
                latest_rating = CASE
                    WHEN excluded.latest_rating_time IS NOT NULL
                        AND (i.latest_rating_time IS NULL OR excluded.latest_rating_time >= i.latest_rating_time)
                    THEN excluded.latest_rating ELSE i.latest_rating END,
                latest_rating_time = CASE
                    WHEN excluded.latest_rating_time IS NOT NULL
                        AND (i.latest_rating_time IS NULL OR excluded.latest_rating_time >= i.latest_rating_time)
                    THEN excluded.latest_rating_time ELSE i.latest_rating_time END,
                last_time = GREATEST(i.last_time, excluded.last_time)
            """, logger: logger)
    }

    private func insertRecommendations(_ rows: RecommendationRows) async throws {
        guard !rows.times.isEmpty else { return }
        try await connection.run(
            """
            INSERT INTO recommendations (event_time, user_id, server, status, items, error, latency_ms)
            SELECT t, u, s, c, i, CASE WHEN f THEN e END, l FROM unnest(
                \(rows.times)::int8[], \(rows.users)::int8[], \(rows.servers)::text[], \(rows.statuses)::int8[], \(rows.items)::text[],
                \(rows.errors)::text[], \(rows.failed)::bool[], \(rows.latencies)::int8[]) AS r(t, u, s, c, i, e, f, l)
            """, logger: logger)
    }

    private func addToCounters(_ deltas: [(name: String, delta: Int)]) async throws {
        let changed = deltas.filter { $0.delta != 0 }
        guard !changed.isEmpty else { return }
        let names = changed.map(\.name), values = changed.map { Int64($0.delta) }
        try await connection.run(
            """
            UPDATE counters SET value = counters.value + d.delta FROM unnest(\(names)::text[], \(values)::int8[]) AS d(name, delta)
            WHERE counters.name = d.name
            """, logger: logger)
    }

    /// Adds the batch's row to the ingest ledger and moves the latest stored event time on.
    private func recordInLedger(_ number: Int64, _ source: String, _ outcome: BatchOutcome, _ arrival: ArrivalTracker) async throws {
        try await connection.run(
            """
            INSERT INTO batches (number, source, stored, duplicates, quarantined, late, first_time, last_time)
            VALUES (\(number), \(PostgresText.clean(source)), \(Int64(outcome.stored)), \(Int64(outcome.duplicates)), \(Int64(outcome.quarantined)),
                \(Int64(arrival.late)), \(arrival.firstTime), \(arrival.lastTime))
            """, logger: logger)
        if let latest = arrival.latestStored {
            try await connection.run(
                """
                INSERT INTO counters (name, value) VALUES (\(StoreCounter.latestTime), \(latest))
                ON CONFLICT (name) DO UPDATE SET value = GREATEST(counters.value, excluded.value)
                """, logger: logger)
        }
    }

    private func insertQuarantine(_ lines: [QuarantinedLine], batch: Int64) async throws -> Int {
        guard !lines.isEmpty else { return 0 }
        let sources = lines.map { PostgresText.clean($0.source) }, offsets = lines.map(\.offset)
        let texts = lines.map { PostgresText.clean($0.line) }, reasons = lines.map(\.reason.rawValue)
        let details = lines.map { PostgresText.clean($0.detail) }, lengths = lines.map { Int64($0.length) }
        return try await connection.allRows(
            """
            INSERT INTO quarantine (source, line_offset, line, length, reason, detail, batch)
            SELECT s, o, l, n, r, d, \(batch)
                FROM unnest(\(sources)::text[], \(offsets)::int8[], \(texts)::text[], \(lengths)::int8[], \(reasons)::text[], \(details)::text[])
                AS q(s, o, l, n, r, d)
            ON CONFLICT DO NOTHING RETURNING 1
            """, logger: logger
        ).rows.count
    }
}
