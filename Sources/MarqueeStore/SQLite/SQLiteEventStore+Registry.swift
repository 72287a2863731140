import Foundation
import GRDB
import MarqueeCore

extension SQLiteEventStore: RegistryStore {
    public func currentSnapshotBounds() async throws(StoreError) -> SnapshotBounds {
        try await read("reading the snapshot bounds") { db in
            let latest = try Int64.fetchOne(
                db, sql: "SELECT max(time) FROM events WHERE kind IN (?, ?)", arguments: [StoredKind.watch, StoredKind.rate])
            let batch = try Int64.fetchOne(db, sql: "SELECT value FROM counters WHERE name = ?", arguments: [StoreCounter.batches])
            return SnapshotBounds(eventTimeTo: EventTime(microseconds: latest ?? Int64.min), throughBatch: batch ?? 0)
        }
    }

    public func sourceOffsets() async throws(StoreError) -> [String: Int64] {
        try await read("reading the source offsets") { db in
            var offsets: [String: Int64] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT source, partition, offset FROM checkpoints") {
                let source: String = row[0]
                let partition: Int = row[1]
                offsets["\(source)#\(partition)"] = row[2]
            }
            return offsets
        }
    }

    /// Aggregates the watch and rate events within `bounds`: minutes are the number of watch events, the rating is
    /// the latest by event time (the higher value on a tie), the time is the latest event's.
    public func interactions(within bounds: SnapshotBounds) async throws(StoreError) -> [Interaction] {
        let location = location
        return try await read("reading the interactions of a snapshot") { db in
            let slugs = try Self.movieIDs(in: db, location: location)
            var aggregates: [InteractionKey: SnapshotAggregate] = [:]
            let rows = try Row.fetchCursor(
                db, sql: "SELECT user, movie, kind, value, time FROM events WHERE kind IN (?, ?) AND time <= ? AND batch <= ?",
                arguments: [StoredKind.watch, StoredKind.rate, bounds.eventTimeTo.microseconds, bounds.throughBatch])
            while let row = try rows.next() {
                let key = InteractionKey(user: row[0], movie: row[1])
                let kind: Int64 = row[2]
                aggregates[key, default: SnapshotAggregate()].add(isWatch: kind == StoredKind.watch, value: row[3], time: row[4])
            }
            return try SnapshotAggregate.interactions(of: aggregates, movies: slugs, location: location)
        }
    }

    public func register(snapshot: SnapshotRecord) async throws(StoreError) {
        _ = try await write("registering snapshot \(snapshot.id)") { db, _ in
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO snapshots (id, created_at, event_time_to, through_batch, event_time_from, event_time_last, rows,
                        content_hash, source_offsets)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    snapshot.id, snapshot.createdAt.microseconds, snapshot.bounds.eventTimeTo.microseconds, snapshot.bounds.throughBatch,
                    snapshot.eventTimeFrom?.microseconds, snapshot.eventTimeLast?.microseconds, snapshot.rows, snapshot.contentHash,
                    try StoreJSON.text(snapshot.sourceOffsets),
                ])
            return 0
        }
    }

    public func snapshot(id: String) async throws(StoreError) -> SnapshotRecord? {
        let location = location
        return try await read("reading snapshot \(id)") { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT id, created_at, event_time_to, through_batch, event_time_from, event_time_last, rows, content_hash, source_offsets
                    FROM snapshots WHERE id = ?
                    """,
                arguments: [id]
            ).map { row in
                SnapshotRecord(
                    id: row[0], createdAt: WallTime(microseconds: row[1]),
                    bounds: SnapshotBounds(eventTimeTo: EventTime(microseconds: row[2]), throughBatch: row[3]),
                    eventTimeFrom: (row[4] as Int64?).map(EventTime.init(microseconds:)),
                    eventTimeLast: (row[5] as Int64?).map(EventTime.init(microseconds:)), rows: row[6], contentHash: row[7],
                    sourceOffsets: try StoreJSON.decode(row[8], location: location))
            }
        }
    }

    public func register(version record: ModelVersionRecord, fence: LeaseFence?) async throws(StoreError) {
        let location = location
        _ = try await write("registering model version \(record.version)") { db, _ in
            try Self.check(fence, for: "registering model version \(record.version)", in: db)
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM model_versions WHERE version = ?", arguments: [record.version]) == nil else {
                throw StoreError(.writeFailed, "model version \(record.version) is already registered in \(location); versions are never replaced")
            }
            try db.execute(
                sql: """
                    INSERT INTO model_versions (version, created_at, kind, hyperparameters, seed, code_version, code_dirty, marquee_version,
                        snapshot_id, artifact_path, artifact_sha256, offline_metrics, trigger)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    record.version, record.createdAt.microseconds, record.kind, try StoreJSON.text(record.hyperparameters),
                    record.seed.map(String.init),
                    record.codeVersion, record.codeDirty, record.marqueeVersion, record.snapshotID, record.artifactPath, record.artifactSHA256,
                    try StoreJSON.text(record.offlineMetrics), record.trigger,
                ])
            for change in record.stages { try Self.insert(change, for: record.version, in: db) }
            return 0
        }
    }

    public func record(_ change: StageChange, for version: String) async throws(StoreError) {
        let location = location
        _ = try await write("recording stage \(change.stage.rawValue) of \(version)") { db, _ in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM model_versions WHERE version = ?", arguments: [version]) != nil else {
                throw StoreError(.notFound, "model version \(version) is not registered in \(location); see `marquee registry list`")
            }
            try Self.insert(change, for: version, in: db)
            return 0
        }
    }

    public func versions() async throws(StoreError) -> [ModelVersionRecord] {
        let location = location
        return try await read("reading the model registry") { db in try Self.versions(in: db, location: location) }
    }

    public func changeStages(
        _ action: String, fence: LeaseFence?, _ decide: @Sendable @escaping ([ModelVersionRecord]) throws(StoreError) -> [VersionStageChange]
    ) async throws(StoreError) {
        let location = location
        // One immediate transaction: no other process writes between the read and the changes, nor takes the lease.
        _ = try await write(action) { db, _ in
            try Self.check(fence, for: action, in: db)
            let versions = try Self.versions(in: db, location: location)
            let registered = Set(versions.map(\.version))
            for change in try decide(versions) {
                guard registered.contains(change.version) else {
                    throw StoreError(.notFound, "model version \(change.version) is not registered in \(location); see `marquee registry list`")
                }
                try Self.insert(change.change, for: change.version, in: db)
            }
            return 0
        }
    }

    private static func versions(in db: Database, location: String) throws -> [ModelVersionRecord] {
        var stages: [String: [StageChange]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT version, stage, at, event_time, reason, share FROM stage_changes ORDER BY id") {
            let name: String = row[1]
            guard let stage = ModelStage(rawValue: name) else {
                throw StoreError(.corrupt, "\(location) holds an unknown model stage '\(name)'; the store is damaged or newer than this build")
            }
            stages[row[0], default: []].append(
                StageChange(
                    stage: stage, at: WallTime(microseconds: row[2]), eventTime: (row[3] as Int64?).map(EventTime.init(microseconds:)),
                    reason: row[4], share: row[5]))
        }
        return try Row.fetchAll(
            db,
            sql: """
                SELECT version, created_at, kind, hyperparameters, seed, code_version, code_dirty, marquee_version, snapshot_id,
                    artifact_path, artifact_sha256, offline_metrics, trigger FROM model_versions ORDER BY created_at, rowid
                """
        ).map { row in
            let version: String = row[0]
            return ModelVersionRecord(
                version: version, createdAt: WallTime(microseconds: row[1]), kind: row[2],
                hyperparameters: try StoreJSON.decode(row[3], location: location),
                seed: (row[4] as String?).flatMap { UInt64($0) }, codeVersion: row[5], codeDirty: row[6], marqueeVersion: row[7],
                snapshotID: row[8], artifactPath: row[9], artifactSHA256: row[10], offlineMetrics: try StoreJSON.decode(row[11], location: location),
                trigger: row[12], stages: stages[version] ?? [])
        }
    }

    public func record(run: PipelineRunRecord) async throws(StoreError) {
        _ = try await write("recording a pipeline run") { db, _ in
            try db.execute(
                sql: "INSERT INTO pipeline_runs (started_at, event_time, trigger, snapshot_id, chosen, failure, steps) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [
                    run.startedAt.microseconds, run.eventTime?.microseconds, run.trigger, run.snapshotID, run.chosen, run.failure,
                    try StoreJSON.text(run.steps),
                ])
            return 0
        }
    }

    public func pipelineRuns() async throws(StoreError) -> [PipelineRunRecord] {
        let location = location
        return try await read("reading pipeline runs") { db in
            try Row.fetchAll(db, sql: "SELECT started_at, event_time, trigger, snapshot_id, chosen, failure, steps FROM pipeline_runs ORDER BY id")
                .map {
                    row in
                    PipelineRunRecord(
                        startedAt: WallTime(microseconds: row[0]), eventTime: (row[1] as Int64?).map(EventTime.init(microseconds:)), trigger: row[2],
                        snapshotID: row[3],
                        chosen: row[4], failure: row[5], steps: try StoreJSON.decode(row[6], location: location))
                }
        }
    }

    private static func insert(_ change: StageChange, for version: String, in db: Database) throws {
        try db.execute(
            sql: "INSERT INTO stage_changes (version, stage, at, event_time, reason, share) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [version, change.stage.rawValue, change.at.microseconds, change.eventTime?.microseconds, change.reason, change.share])
    }
}
