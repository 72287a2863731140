import Foundation
import MarqueeCore
import MarqueeStore
import MarqueeTestSupport
import Testing

/// `--store postgres://…` selects the PostgreSQL store in every command, as a path selects SQLite.
@Suite(.dedicatedThreads, .serialized)
struct PostgresStoreCommandTests {
    @Test(.enabled(if: PostgresTestServer.enabled))
    func ingestIntoPostgresThenStatsShowTheSameCountsAsSQLite() async throws {
        // Given a small simulated log with its catalogue, and a new PostgreSQL database
        let directory = try TemporaryDirectory()
        let simulate = try MarqueeProcess.run([
            "simulate", "--users", "60", "--movies", "30", "--days", "1", "--seed", "3", "--out", directory.path("log.txt"),
            "--catalogue-out", directory.path("catalogue"), "--scenario", "format-fault@0:0.02",
        ])
        try #require(simulate.status == 0, "simulate failed: \(simulate.standardError)")
        try await PostgresTestServer.withDatabase { location in
            let url = SimulatedLogFixture.url(of: location)
            // When the log is ingested into it and into a SQLite file, twice each (the second run resumes and stores nothing)
            for store in [url, directory.path("s.sqlite")] {
                for _ in 0..<2 {
                    let ingest = try MarqueeProcess.run([
                        "ingest", "--store", store, "--catalogue", directory.path("catalogue"), directory.path("log.txt"),
                    ])
                    #expect(ingest.status == 0, "ingest into \(store) failed: \(ingest.standardError)")
                }
            }
            // Then stats of the PostgreSQL store show the counts, equal to SQLite's
            let postgres = try MarqueeProcess.run(["stats", "--store", url, "--json"])
            let sqlite = try MarqueeProcess.run(["stats", "--store", directory.path("s.sqlite"), "--json"])
            #expect(postgres.status == 0, "stats failed: \(postgres.standardError)")
            let statistics = try JSONDecoder.marquee().decode(StoreStatistics.self, from: Data(postgres.standardOutput.utf8))
            #expect(statistics.events.total > 100 && statistics.events.watch > 0 && statistics.users == 60 && statistics.movies == 30)
            #expect(statistics.quarantine.total > 0)
            #expect(statistics == (try JSONDecoder.marquee().decode(StoreStatistics.self, from: Data(sqlite.standardOutput.utf8))))
        }
    }

    @Test func anUnreachablePostgresIsOneActionableLine() throws {
        // Given a PostgreSQL URL where nothing listens
        let output = try MarqueeProcess.run(["stats", "--store", "postgres://marquee:hunter2@127.0.0.1:1/marquee?sslmode=disable"])
        // Then the command fails with one line asking whether PostgreSQL runs there, without the password
        expectOneLineFailure(output, mentioning: "is PostgreSQL running at 127.0.0.1:1?")
        #expect(!output.standardError.contains("hunter2"))
    }

    @Test(.enabled(if: PostgresTestServer.enabled))
    func serveWithRegistryPollFollowsAnExperimentStartedInPostgres() async throws {
        // Given a PostgreSQL store with a simulated log, its catalogue and two registered versions
        let directory = try TemporaryDirectory()
        let (log, catalogue, models) = try SimulatedLogFixture.write(in: directory)
        try await PostgresTestServer.withDatabase { location in
            let url = SimulatedLogFixture.url(of: location)
            let ingest = try MarqueeProcess.run(["ingest", "--store", url, "--catalogue", catalogue, log])
            try #require(ingest.status == 0, "ingest failed: \(ingest.standardError)")
            let pipeline = try MarqueeProcess.run(["pipeline", "run", "--store", url, "--models-dir", models, "--models", "popularity,item-knn"])
            try #require(pipeline.status == 0, "pipeline failed: \(pipeline.standardError)")
            // When a server polls the registry and an experiment starts, then stops
            let (process, _, stderr) = try MarqueeProcess.start([
                "serve", "--store", url, "--port", "0", "--registry-poll", "0.2", "--log-level", "notice", "--admin-token", ServerProcess.adminToken,
                "--explain-rate-limit", "1000",
            ])
            defer { if process.isRunning { process.terminate() } }
            let port = try #require(ServerProcess.boundPort(of: stderr))
            let start = try MarqueeProcess.run([
                "experiment", "start", "--store", url, "--name", "pg-ab", "--control", "v1-popularity", "--treatment", "v2-item-knn", "--planned",
                "100",
            ])
            try #require(start.status == 0, "experiment start failed: \(start.standardError)")
            // Then users are routed into its arms, and back to production once it stopped
            #expect(try await Self.waitForRoutes(port: port) { $0.contains { $0.hasPrefix("ab:pg-ab:") } })
            let stop = try MarqueeProcess.run(["experiment", "stop", "--store", url, "--name", "pg-ab"])
            try #require(stop.status == 0, "experiment stop failed: \(stop.standardError)")
            #expect(try await Self.waitForRoutes(port: port) { $0.allSatisfy { $0 == "production" } })
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// Asks for 40 users' routes until `condition` holds of them, for up to 20 seconds.
    private static func waitForRoutes(port: Int, until condition: ([String]) -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            var routes: [String] = []
            for user in 0..<40 {
                let (_, body) = try await ServerProcess.explain(user: user, port: port)
                let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
                routes.append(object?["route"] as? String ?? "")
            }
            if condition(routes) { return true }
            try await Task.sleep(for: .milliseconds(200))
        }
        return false
    }
}
