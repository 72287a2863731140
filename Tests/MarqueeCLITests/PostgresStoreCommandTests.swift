import Foundation
import MarqueeStore
import MarqueeTestSupport
import Testing

/// `--store postgres://…` selects the PostgreSQL store in every command, as a path selects SQLite.
@Suite(.serialized)
struct PostgresStoreCommandTests {
    @Test(.enabled(if: PostgresTestServer.enabled))
    func ingestIntoPostgresThenStatsShowTheSameCountsAsSQLite() async throws {
        // Given a small simulated log with its catalogue, and a new PostgreSQL database
        let directory = try TemporaryDirectory()
        let simulate = try MarqueeProcess.run([
            "simulate", "--users", "60", "--movies", "30", "--days", "1", "--seed", "3", "--out", directory.path("log.txt"),
            "--catalog-out", directory.path("catalog"), "--scenario", "format-fault@0:0.02",
        ])
        try #require(simulate.status == 0, "simulate failed: \(simulate.standardError)")
        try await PostgresTestServer.withDatabase { location in
            let url = "postgres://\(location.username)@\(location.host):\(location.port)/\(location.database)?sslmode=disable"
            // When the log is ingested into it and into a SQLite file, twice each (the second run resumes and stores nothing)
            for store in [url, directory.path("s.sqlite")] {
                for _ in 0..<2 {
                    let ingest = try MarqueeProcess.run(["ingest", "--store", store, "--catalog", directory.path("catalog"), directory.path("log.txt")])
                    #expect(ingest.status == 0, "ingest into \(store) failed: \(ingest.standardError)")
                }
            }
            // Then stats of the PostgreSQL store show the counts, equal to SQLite's
            let postgres = try MarqueeProcess.run(["stats", "--store", url, "--json"])
            let sqlite = try MarqueeProcess.run(["stats", "--store", directory.path("s.sqlite"), "--json"])
            #expect(postgres.status == 0, "stats failed: \(postgres.standardError)")
            let statistics = try JSONDecoder().decode(StoreStatistics.self, from: Data(postgres.standardOutput.utf8))
            #expect(statistics.events.total > 100 && statistics.events.watch > 0 && statistics.users == 60 && statistics.movies == 30)
            #expect(statistics.quarantine.total > 0)
            #expect(statistics == (try JSONDecoder().decode(StoreStatistics.self, from: Data(sqlite.standardOutput.utf8))))
        }
    }

    @Test func anUnreachablePostgresIsOneActionableLine() throws {
        // Given a PostgreSQL URL where nothing listens
        let output = try MarqueeProcess.run(["stats", "--store", "postgres://marquee:hunter2@127.0.0.1:1/marquee?sslmode=disable"])
        // Then the command fails with one line asking whether PostgreSQL runs there, without the password
        expectOneLineFailure(output, mentioning: "is PostgreSQL running at 127.0.0.1:1?")
        #expect(!output.standardError.contains("hunter2"))
    }
}
