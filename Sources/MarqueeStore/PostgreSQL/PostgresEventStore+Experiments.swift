import Logging
import MarqueeCore
import PostgresNIO

extension PostgresEventStore {
    /// Registers and starts `experiment`; the partial index `experiments_one_running` keeps a second one from starting
    /// even when two processes start one at the same moment.
    public func start(experiment: ExperimentRecord, fence: LeaseFence?) async throws(StoreError) {
        let (logger, location) = (logger, location)
        try await write("starting experiment \(experiment.name)") { connection in
            try await Self.check(fence, for: "starting experiment \(experiment.name)", on: connection, logger: logger)
            let running = try await connection.allRows("SELECT name FROM experiments WHERE stopped_at IS NULL", logger: logger)
                .decode(String.self)
            if let running = running.first {
                throw StoreError(.writeFailed, "experiment \(running) is running in \(location); stop it first with `marquee experiment stop`")
            }
            let taken = try await connection.allRows("SELECT 1 FROM experiments WHERE name = \(experiment.name)", logger: logger)
                .decode(Int.self)
            guard taken.isEmpty else {
                throw StoreError(.writeFailed, "an experiment named \(experiment.name) ran before in \(location); choose a new name")
            }
            for version in [experiment.control, experiment.treatment] {
                guard try await Self.isRegistered(version, on: connection, logger: logger) else {
                    throw StoreError(.notFound, "model version \(version) is not registered in \(location); see `marquee registry list`")
                }
            }
            try await connection.run(
                """
                INSERT INTO experiments (name, control, treatment, share, planned_per_arm, started_at, since_event_time)
                VALUES (\(experiment.name), \(experiment.control), \(experiment.treatment), \(experiment.share), \(experiment.plannedPerArm),
                    \(experiment.startedAt.microseconds), \(experiment.since.microseconds))
                """, logger: logger)
        }
    }

    /// Stops the running experiment `name` at wall time `at`.
    public func stopExperiment(named name: String, at: WallTime, fence: LeaseFence?) async throws(StoreError) {
        let (logger, location) = (logger, location)
        try await write("stopping experiment \(name)") { connection in
            try await Self.check(fence, for: "stopping experiment \(name)", on: connection, logger: logger)
            let stopped = try await connection.allRows(
                "UPDATE experiments SET stopped_at = \(at.microseconds) WHERE name = \(name) AND stopped_at IS NULL RETURNING 1", logger: logger
            ).decode(Int.self)
            guard stopped.count == 1 else {
                throw StoreError(.notFound, "no experiment named \(name) is running in \(location); see `marquee experiment status`")
            }
        }
    }

    /// Every experiment, oldest first.
    public func experiments() async throws(StoreError) -> [ExperimentRecord] {
        let logger = logger
        return try await read("reading experiments") { connection in
            var records: [ExperimentRecord] = []
            let rows = try await connection.allRows(
                """
                SELECT name, control, treatment, share, planned_per_arm, started_at, since_event_time, stopped_at
                FROM experiments ORDER BY started_at, seq
                """, logger: logger)
            for (name, control, treatment, share, planned, started, since, stopped) in try rows.decode(
                (String, String, String, Double, Int, Int64, Int64, Int64?).self)
            {
                records.append(
                    ExperimentRecord(
                        name: name, control: control, treatment: treatment, share: share, plannedPerArm: planned,
                        startedAt: WallTime(microseconds: started),
                        since: EventTime(microseconds: since), stoppedAt: stopped.map(WallTime.init(microseconds:))))
            }
            return records
        }
    }

    /// Whether `version` is registered.
    static func isRegistered(_ version: String, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        try await !connection.allRows("SELECT 1 FROM model_versions WHERE version = \(version)", logger: logger).decode(Int.self).isEmpty
    }
}
