import Foundation
import MarqueeTestSupport
import Testing

/// `--service-config` and `marquee config`: the service configuration recorded in the store, agreed on by every command.
@Suite(.dedicatedThreads, .serialized)
struct ConfigCommandTests {
    private static let newer = #"{"rating_scale": 10, "request_budget_ms": 600, "self_description": {"likes": "liked", "dislikes": "disliked"}}"#
    private static let log = """
        2025-01-01T10:00:00,1,GET /create_account
        2025-01-01T10:01:00,1,GET /data/m/alien+1979/0.mpg
        2025-01-01T10:02:00,1,GET /rate/alien+1979=9
        2025-01-01T10:03:00,2,GET /rate/alien+1979=7

        """

    private func recordedScale(_ store: String) throws -> Int? {
        let show = try MarqueeProcess.run(["config", "show", "--store", store])
        let object = try JSONSerialization.jsonObject(with: Data(show.standardOutput.utf8)) as? [String: Any]
        return object?["rating_scale"] as? Int
    }

    @Test func aStoreKeepsTheConfigurationItWasCreatedWithAndRefusesAnotherUntilSetDeliberately() throws {
        // Given a store created by an ingest of a 1-10 log under the newer variant's file
        let directory = try TemporaryDirectory()
        try Self.newer.write(toFile: directory.path("newer.json"), atomically: true, encoding: .utf8)
        try Self.log.write(toFile: directory.path("log.txt"), atomically: true, encoding: .utf8)
        let store = directory.path("s.sqlite")
        let ingest = try MarqueeProcess.run(["ingest", "--store", store, "--service-config", directory.path("newer.json"), directory.path("log.txt")])
        #expect(ingest.status == 0, "\(ingest.standardError)")
        #expect(ingest.standardOutput.contains("quarantined 0 lines"), "ratings 7 and 9 are on the scale: \(ingest.standardOutput)")
        #expect(try recordedScale(store) == 10)

        // When a later command contradicts it, it is refused, naming the difference and the way to change it
        let contradicting = try MarqueeProcess.run(["ingest", "--store", store, "--rating-scale", "5", directory.path("log.txt")])
        #expect(contradicting.status != 0)
        #expect(contradicting.standardError.contains("--rating-scale 5 differs from the service configuration recorded in the store"))
        #expect(contradicting.standardError.contains("rating_scale: 10 → 5") && contradicting.standardError.contains("marquee config set"))
        // And one that agrees, or gives nothing, works
        #expect(try MarqueeProcess.run(["ingest", "--store", store, "--rating-scale", "10", directory.path("log.txt")]).status == 0)
        #expect(try MarqueeProcess.run(["ingest", "--store", store, directory.path("log.txt")]).status == 0)

        // When it is changed deliberately, the store keeps the new one
        let set = try MarqueeProcess.run(["config", "set", "--store", store, "--service-config", directory.path("newer.json")])
        #expect(set.status == 0 && set.standardOutput.contains("unchanged"))
        try #"{"rating_scale": 5}"#.write(toFile: directory.path("older.json"), atomically: true, encoding: .utf8)
        let changed = try MarqueeProcess.run(["config", "set", "--store", store, "--service-config", directory.path("older.json")])
        #expect(changed.status == 0 && changed.standardOutput.contains("rating_scale: 10 → 5"), "\(changed.standardOutput)")
        #expect(try recordedScale(store) == 5)
    }

    @Test func aConfigurationFileWithAnUnknownKeyIsRefusedNamingTheAcceptedKeys() throws {
        let directory = try TemporaryDirectory()
        try #"{"rating_scale": 10, "budget_ms": 600}"#.write(toFile: directory.path("bad.json"), atomically: true, encoding: .utf8)
        let output = try MarqueeProcess.run(["ingest", "--store", directory.path("s.sqlite"), "--service-config", directory.path("bad.json"), "-"])
        #expect(output.status != 0)
        #expect(
            output.standardError.contains("unknown key 'budget_ms'") && output.standardError.contains("'request_budget_ms'"),
            "\(output.standardError)")
        #expect(!FileManager.default.fileExists(atPath: directory.path("s.sqlite")), "nothing is created from a bad file")
    }

    @Test func simulateAndServeFollowTheNewerVariant() throws {
        // Given the newer variant's file
        let directory = try TemporaryDirectory()
        try Self.newer.write(toFile: directory.path("newer.json"), atomically: true, encoding: .utf8)
        // When the simulator plays it
        let simulate = try MarqueeProcess.run([
            "simulate", "--users", "200", "--movies", "60", "--days", "2", "--seed", "3", "--fault-rate", "0", "--self-description-share", "0.5",
            "--service-config", directory.path("newer.json"), "--out", directory.path("log.txt"), "--catalogue-out", directory.path("catalogue"),
        ])
        #expect(simulate.status == 0, "\(simulate.standardError)")
        // Then its log rates on 1-10 and its user records carry the configured keys
        // (the log's injected faults include invalid UTF-8)
        let log = String(decoding: try Data(contentsOf: URL(fileURLWithPath: directory.path("log.txt"))), as: UTF8.self)
        #expect(log.contains("=10\n") || log.contains("=9\n") || log.contains("=8\n"))
        let users = try String(contentsOfFile: directory.path("catalogue/users.jsonl"), encoding: .utf8)
        #expect(users.contains(#""liked": "#) && !users.contains(#""likes": "#))
        // And a store created with it ingests the log with nothing out of scale, and serve refuses a deadline past its 600 ms budget
        let store = directory.path("s.sqlite")
        let ingest = try MarqueeProcess.run([
            "ingest", "--store", store, "--service-config", directory.path("newer.json"), "--catalogue", directory.path("catalogue"),
            directory.path("log.txt"),
        ])
        #expect(ingest.status == 0 && !ingest.standardOutput.contains("rating_out_of_scale"), "\(ingest.standardOutput)")
        let serve = try MarqueeProcess.run(["serve", "--store", store, "--port", "0", "--deadline-ms", "700"])
        #expect(serve.status != 0)
        #expect(serve.standardError.contains("is not below the service's request budget of 600 ms"), "\(serve.standardError)")
    }

    @Test func runFollowsALogOfTheNewerVariantWithTheConfigurationItRecords() async throws {
        // Given a 1-10 log of the simulated newer variant
        let directory = try TemporaryDirectory()
        try Self.newer.write(toFile: directory.path("newer.json"), atomically: true, encoding: .utf8)
        let simulate = try MarqueeProcess.run([
            "simulate", "--users", "200", "--movies", "60", "--days", "2", "--seed", "4", "--fault-rate", "0",
            "--service-config", directory.path("newer.json"), "--out", directory.path("log.txt"),
        ])
        #expect(simulate.status == 0, "\(simulate.standardError)")
        try FileManager.default.createDirectory(atPath: directory.path("models"), withIntermediateDirectories: true)
        let store = directory.path("s.sqlite")
        // When marquee run follows it into a new store with the newer variant's file
        let (process, _, stderr) = try MarqueeProcess.start([
            "run", "--store", store, "--service-config", directory.path("newer.json"), "--models-dir", directory.path("models"),
            "--tick", "0.3", "--port", "0", "--log-level", "notice", directory.path("log.txt"),
        ])
        defer { if process.isRunning { process.terminate() } }
        _ = try #require(ServerProcess.boundPort(of: stderr))
        // Then the store records that configuration, and the ratings 6-10 are stored, none quarantined
        var stats = ""
        for _ in 0..<100 {
            stats = try MarqueeProcess.run(["stats", "--store", store]).standardOutput
            if stats.contains("rate "), !stats.contains("rate 0,") { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(!stats.contains("rate 0,") && !stats.contains("rating_out_of_scale"), "\(stats)")
        #expect(try recordedScale(store) == 10)
        process.terminate()
        process.waitUntilExit()
    }
}
