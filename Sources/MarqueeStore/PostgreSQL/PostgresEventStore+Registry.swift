import Logging
import MarqueeCore
import PostgresNIO

extension PostgresEventStore {
    /// Bounds that select everything stored so far.
    public func currentSnapshotBounds() async throws(StoreError) -> SnapshotBounds {
        let logger = logger
        return try await read("reading the snapshot bounds") { connection in
            let row = try await connection.allRows(
                """
                SELECT (SELECT max(event_time) FROM events WHERE kind IN (\(StoredKind.watch), \(StoredKind.rate))),
                    (SELECT value FROM counters WHERE name = \(StoreCounter.batches))
                """, logger: logger
            ).decode((Int64?, Int64?).self).first
            return SnapshotBounds(eventTimeTo: EventTime(microseconds: row?.0 ?? Int64.min), throughBatch: row?.1 ?? 0)
        }
    }

    /// Every source's checkpointed offset: `source#partition` → offset.
    public func sourceOffsets() async throws(StoreError) -> [String: Int64] {
        let logger = logger
        return try await read("reading the source offsets") { connection in
            var offsets: [String: Int64] = [:]
            let rows = try await connection.allRows("SELECT source, partition, next_offset FROM checkpoints", logger: logger)
            for (source, partition, offset) in try rows.decode((String, Int, Int64).self) {
                offsets["\(source)#\(partition)"] = offset
            }
            return offsets
        }
    }

    /// Aggregates the watch and rate events within `bounds` with the rule both stores share (``SnapshotAggregate``).
    public func interactions(within bounds: SnapshotBounds) async throws(StoreError) -> [Interaction] {
        let (logger, location) = (logger, location)
        return try await read("reading the interactions of a snapshot") { connection in
            let movies = try await Self.movieIDs(by: connection, location: location, logger: logger)
            var aggregates: [InteractionKey: SnapshotAggregate] = [:]
            let rows = try await connection.allRows(
                """
                SELECT user_id, movie, kind, value, event_time FROM events
                WHERE kind IN (\(StoredKind.watch), \(StoredKind.rate)) AND event_time <= \(bounds.eventTimeTo.microseconds)
                    AND batch <= \(bounds.throughBatch)
                """, logger: logger)
            for (user, movie, kind, value, time) in try rows.decode((Int64, Int64, Int64, Int, Int64).self) {
                aggregates[InteractionKey(user: user, movie: movie), default: SnapshotAggregate()].add(
                    isWatch: kind == StoredKind.watch, value: value, time: time)
            }
            return try SnapshotAggregate.interactions(of: aggregates, movies: movies, location: location)
        }
    }

    /// Registers a snapshot; registering the same id again changes nothing.
    public func register(snapshot: SnapshotRecord) async throws(StoreError) {
        let logger = logger
        let offsets = try StoreJSON.text(snapshot.sourceOffsets)
        try await write("registering snapshot \(snapshot.id)") { connection in
            try await connection.run(
                """
                INSERT INTO snapshots (id, created_at, event_time_to, through_batch, event_time_from, event_time_last, row_count, content_hash,
                    source_offsets)
                VALUES (\(snapshot.id), \(snapshot.createdAt.microseconds), \(snapshot.bounds.eventTimeTo.microseconds), \(snapshot.bounds.throughBatch),
                    \(snapshot.eventTimeFrom?.microseconds), \(snapshot.eventTimeLast?.microseconds), \(snapshot.rows), \(snapshot.contentHash),
                    \(offsets))
                ON CONFLICT (id) DO NOTHING
                """, logger: logger)
        }
    }

    /// The snapshot with `id`, or `nil`.
    public func snapshot(id: String) async throws(StoreError) -> SnapshotRecord? {
        let (logger, location) = (logger, location)
        return try await read("reading snapshot \(id)") { connection in
            let rows = try await connection.allRows(
                """
                SELECT id, created_at, event_time_to, through_batch, event_time_from, event_time_last, row_count, content_hash, source_offsets
                FROM snapshots WHERE id = \(id)
                """, logger: logger)
            for (id, created, to, through, from, last, count, hash, offsets) in try rows.decode(
                (String, Int64, Int64, Int64, Int64?, Int64?, Int, String, String).self)
            {
                return SnapshotRecord(
                    id: id, createdAt: WallTime(microseconds: created),
                    bounds: SnapshotBounds(eventTimeTo: EventTime(microseconds: to), throughBatch: through),
                    eventTimeFrom: from.map(EventTime.init(microseconds:)), eventTimeLast: last.map(EventTime.init(microseconds:)), rows: count,
                    contentHash: hash, sourceOffsets: try StoreJSON.decode(offsets, location: location))
            }
            return nil
        }
    }

    /// Registers a new model version with its stage history.
    public func register(version record: ModelVersionRecord, fence: LeaseFence?) async throws(StoreError) {
        let (logger, location) = (logger, location)
        let hyperparameters = try StoreJSON.text(record.hyperparameters)
        let metrics = try StoreJSON.text(record.offlineMetrics)
        try await write("registering model version \(record.version)") { connection in
            try await Self.check(fence, for: "registering model version \(record.version)", on: connection, logger: logger)
            guard try await !Self.isRegistered(record.version, on: connection, logger: logger) else {
                throw StoreError(.writeFailed, "model version \(record.version) is already registered in \(location); versions are never replaced")
            }
            try await connection.run(
                """
                INSERT INTO model_versions (version, created_at, kind, hyperparameters, seed, code_version, code_dirty, marquee_version,
                    snapshot_id, artifact_path, artifact_sha256, offline_metrics, trigger)
                VALUES (\(record.version), \(record.createdAt.microseconds), \(record.kind), \(hyperparameters), \(record.seed.map(String.init)),
                    \(record.codeVersion), \(record.codeDirty), \(record.marqueeVersion), \(record.snapshotID), \(record.artifactPath),
                    \(record.artifactSHA256), \(metrics), \(record.trigger))
                """, logger: logger)
            for change in record.stages { try await Self.insert(change, for: record.version, on: connection, logger: logger) }
        }
    }

    /// Appends a stage change to `version`'s history.
    public func record(_ change: StageChange, for version: String) async throws(StoreError) {
        let (logger, location) = (logger, location)
        try await write("recording stage \(change.stage.rawValue) of \(version)") { connection in
            guard try await Self.isRegistered(version, on: connection, logger: logger) else {
                throw StoreError(.notFound, "model version \(version) is not registered in \(location); see `marquee registry list`")
            }
            try await Self.insert(change, for: version, on: connection, logger: logger)
        }
    }

    /// Every registered version, oldest first, with its stage history.
    public func versions() async throws(StoreError) -> [ModelVersionRecord] {
        let (logger, location) = (logger, location)
        return try await read("reading the model registry") { connection in
            try await Self.versions(on: connection, logger: logger, location: location)
        }
    }

    /// Reads the registry and records the stage changes `decide` makes of it in one transaction, under the registry's
    /// advisory lock, so that no other process changes stages in between; with a `fence`, after checking its lease.
    public func changeStages(
        _ action: String, fence: LeaseFence?, _ decide: @Sendable @escaping ([ModelVersionRecord]) throws(StoreError) -> [VersionStageChange]
    ) async throws(StoreError) {
        let (logger, location) = (logger, location)
        try await write(action) { connection in
            try await connection.run("SELECT pg_advisory_xact_lock(\(PostgresSchema.registryLock))", logger: logger)
            try await Self.check(fence, for: action, on: connection, logger: logger)
            let versions = try await Self.versions(on: connection, logger: logger, location: location)
            let registered = Set(versions.map(\.version))
            for change in try decide(versions) {
                guard registered.contains(change.version) else {
                    throw StoreError(.notFound, "model version \(change.version) is not registered in \(location); see `marquee registry list`")
                }
                try await Self.insert(change.change, for: change.version, on: connection, logger: logger)
            }
        }
    }

    private static func versions(on connection: PostgresConnection, logger: Logger, location: String) async throws -> [ModelVersionRecord] {
        var stages: [String: [StageChange]] = [:]
        let changes = try await connection.allRows(
            "SELECT version, stage, at, event_time, reason, share FROM stage_changes ORDER BY id", logger: logger)
        for (version, name, at, eventTime, reason, share) in try changes.decode((String, String, Int64, Int64?, String, Double?).self) {
            guard let stage = ModelStage(rawValue: name) else {
                throw StoreError(.corrupt, "\(location) holds an unknown model stage '\(name)'; the store is damaged or newer than this build")
            }
            stages[version, default: []].append(
                StageChange(
                    stage: stage, at: WallTime(microseconds: at), eventTime: eventTime.map(EventTime.init(microseconds:)), reason: reason,
                    share: share))
        }
        var records: [ModelVersionRecord] = []
        let rows = try await connection.allRows(
            """
            SELECT version, created_at, kind, hyperparameters, seed, code_version, code_dirty, marquee_version, snapshot_id,
                artifact_path, artifact_sha256, offline_metrics, trigger FROM model_versions ORDER BY created_at, seq
            """, logger: logger)
        for (version, created, kind, hyperparameters, seed, code, dirty, marquee, snapshot, path, sha, metrics, trigger) in try rows.decode(
            (String, Int64, String, String, String?, String, Bool, String, String, String, String, String, String).self)
        {
            records.append(
                ModelVersionRecord(
                    version: version, createdAt: WallTime(microseconds: created), kind: kind,
                    hyperparameters: try StoreJSON.decode(hyperparameters, location: location),
                    seed: seed.flatMap { UInt64($0) }, codeVersion: code, codeDirty: dirty, marqueeVersion: marquee, snapshotID: snapshot,
                    artifactPath: path, artifactSHA256: sha, offlineMetrics: try StoreJSON.decode(metrics, location: location), trigger: trigger,
                    stages: stages[version] ?? []))
        }
        return records
    }

    /// Records one pipeline run.
    public func record(run: PipelineRunRecord) async throws(StoreError) {
        let logger = logger
        let steps = try StoreJSON.text(run.steps)
        try await write("recording a pipeline run") { connection in
            try await connection.run(
                """
                INSERT INTO pipeline_runs (started_at, event_time, trigger, snapshot_id, chosen, failure, steps)
                VALUES (\(run.startedAt.microseconds), \(run.eventTime?.microseconds), \(run.trigger), \(run.snapshotID), \(run.chosen), \(run.failure), \(steps))
                """, logger: logger)
        }
    }

    /// Every recorded pipeline run, oldest first.
    public func pipelineRuns() async throws(StoreError) -> [PipelineRunRecord] {
        let (logger, location) = (logger, location)
        return try await read("reading pipeline runs") { connection in
            var runs: [PipelineRunRecord] = []
            let rows = try await connection.allRows(
                "SELECT started_at, event_time, trigger, snapshot_id, chosen, failure, steps FROM pipeline_runs ORDER BY id", logger: logger)
            for (started, eventTime, trigger, snapshot, chosen, failure, steps) in try rows.decode(
                (Int64, Int64?, String, String?, String?, String?, String).self)
            {
                runs.append(
                    PipelineRunRecord(
                        startedAt: WallTime(microseconds: started), eventTime: eventTime.map(EventTime.init(microseconds:)), trigger: trigger,
                        snapshotID: snapshot,
                        chosen: chosen, failure: failure, steps: try StoreJSON.decode(steps, location: location)))
            }
            return runs
        }
    }

    private static func insert(_ change: StageChange, for version: String, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.run(
            """
            INSERT INTO stage_changes (version, stage, at, event_time, reason, share)
            VALUES (
                \(version), \(change.stage.rawValue), \(change.at.microseconds), \(change.eventTime?.microseconds), \(PostgresText.clean(change.reason)),
                \(change.share))
            """, logger: logger)
    }
}
