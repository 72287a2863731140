import GRDB
import MarqueeCore

extension SQLiteEventStore: ExperimentStore {
    public func start(experiment: ExperimentRecord, fence: LeaseFence?) async throws(StoreError) {
        let location = location
        _ = try await write("starting experiment \(experiment.name)") { db, _ in
            try Self.check(fence, for: "starting experiment \(experiment.name)", in: db)
            if let running = try String.fetchOne(db, sql: "SELECT name FROM experiments WHERE stopped_at IS NULL") {
                throw StoreError(.writeFailed, "experiment \(running) is running in \(location); stop it first with `marquee experiment stop`")
            }
            guard try String.fetchOne(db, sql: "SELECT name FROM experiments WHERE name = ?", arguments: [experiment.name]) == nil else {
                throw StoreError(.writeFailed, "an experiment named \(experiment.name) ran before in \(location); choose a new name")
            }
            for version in [experiment.control, experiment.treatment] {
                guard try Bool.fetchOne(db, sql: "SELECT 1 FROM model_versions WHERE version = ?", arguments: [version]) != nil else {
                    throw StoreError(.notFound, "model version \(version) is not registered in \(location); see `marquee registry list`")
                }
            }
            try db.execute(
                sql: """
                    INSERT INTO experiments (name, control, treatment, share, planned_per_arm, started_at, since_event_time)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    experiment.name, experiment.control, experiment.treatment, experiment.share, experiment.plannedPerArm,
                    experiment.startedAt.microseconds,
                    experiment.since.microseconds,
                ])
            return 0
        }
    }

    public func stopExperiment(named name: String, at: WallTime, fence: LeaseFence?) async throws(StoreError) {
        let location = location
        _ = try await write("stopping experiment \(name)") { db, _ in
            try Self.check(fence, for: "stopping experiment \(name)", in: db)
            try db.execute(sql: "UPDATE experiments SET stopped_at = ? WHERE name = ? AND stopped_at IS NULL", arguments: [at.microseconds, name])
            guard db.changesCount == 1 else {
                throw StoreError(.notFound, "no experiment named \(name) is running in \(location); see `marquee experiment status`")
            }
            return 0
        }
    }

    public func experiments() async throws(StoreError) -> [ExperimentRecord] {
        try await read("reading experiments") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT name, control, treatment, share, planned_per_arm, started_at, since_event_time, stopped_at
                    FROM experiments ORDER BY started_at, rowid
                    """
            ).map { row in
                ExperimentRecord(
                    name: row[0], control: row[1], treatment: row[2], share: row[3], plannedPerArm: row[4], startedAt: WallTime(microseconds: row[5]),
                    since: EventTime(microseconds: row[6]), stoppedAt: (row[7] as Int64?).map(WallTime.init(microseconds:)))
            }
        }
    }
}
