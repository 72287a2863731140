import Foundation
import MarqueeCore
import MarqueeTestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite(.dedicatedThreads)
struct ServeCommandTests {
    @Test func servesTheSpecContractOverARealSocketAndFlushesTelemetryOnSIGTERM() async throws {
        // Given a store with a little history and the server started on a free port
        let directory = try TemporaryDirectory()
        let store = try IngestedWatchesFixture.store(in: directory)
        let (process, _, stderr) = try MarqueeProcess.start(["serve", "--store", store, "--port", "0", "--log-level", "notice"])
        defer { if process.isRunning { process.terminate() } }
        let port = try #require(ServerProcess.boundPort(of: stderr))

        // When the service asks for recommendations
        let (status, body) = try await ServerProcess.get("http://127.0.0.1:\(port)/recommend/7")
        for user in 1...4 { _ = try await ServerProcess.get("http://127.0.0.1:\(port)/recommend/\(user)") }
        let (badStatus, badBody) = try await ServerProcess.get("http://127.0.0.1:\(port)/recommend/abc")

        // Then the answer is one line of valid slugs, and a bad id is a 400 with a message
        #expect(status == 200)
        let items = body.split(separator: ",")
        #expect(!items.isEmpty && items.count <= 20 && items.allSatisfy { MovieID($0) != nil })
        #expect(badStatus == 400 && badBody.hasPrefix("invalid user id"))

        // And SIGTERM stops it cleanly and promptly (well within an orchestrator's usual 30 s grace period, not after
        // its periodic services' next wake-up), with every answer's telemetry stored
        let signalled = ContinuousClock.now
        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(ContinuousClock.now - signalled < .seconds(10))
        let stats = try MarqueeProcess.run(["stats", "--store", store, "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(stats.standardOutput.utf8)) as? [String: Any]
        #expect(object?["telemetry"] as? Int == 5)
    }

    /// A store with one watch event, in `directory`.
    private static func makeStore(in directory: TemporaryDirectory) throws -> String {
        let start = try #require(EventTime(year: 2025, month: 1, day: 1))
        let line = LogLineCodec().format(Event(time: start, user: UserID(1)!, kind: .watch(movie: MovieID("movie+1+2000")!, minute: 1)))
        try (line + "\n").write(toFile: directory.path("log.txt"), atomically: true, encoding: .utf8)
        let store = directory.path("s.sqlite")
        #expect(try MarqueeProcess.run(["ingest", "--store", store, directory.path("log.txt")]).status == 0)
        return store
    }

    @Test func shortAdminTokenIsRefusedBeforeServingFromTheFlagOrTheFile() throws {
        // Given a store, and a token file holding a token that is too short
        let directory = try TemporaryDirectory()
        let store = try Self.makeStore(in: directory)
        try "short\n".write(toFile: directory.path("token"), atomically: true, encoding: .utf8)
        // When serve is started with it, from the flag or from the file
        for arguments in [["--admin-token", "short"], ["--admin-token-file", directory.path("token")]] {
            let result = try MarqueeProcess.run(["serve", "--store", store, "--port", "0"] + arguments)
            // Then it exits with the reason and the fix, without printing the token
            #expect(result.status != 0)
            #expect(result.standardError.contains("fewer than 32") && result.standardError.contains("--admin-token-file"))
            #expect(!result.standardError.contains("short\n"))
        }
    }

    @Test func adminTokenFileEnablesTheAdminAPI() async throws {
        // Given a store and a file with a 64-character token and a final newline
        let directory = try TemporaryDirectory()
        let store = try Self.makeStore(in: directory)
        let token = String(repeating: "0123456789abcdef", count: 4)
        try (token + "\n").write(toFile: directory.path("token"), atomically: true, encoding: .utf8)
        let (process, _, stderr) = try MarqueeProcess.start(
            ["serve", "--store", store, "--port", "0", "--log-level", "notice", "--admin-token-file", directory.path("token")])
        defer { if process.isRunning { process.terminate() } }
        let port = try #require(ServerProcess.boundPort(of: stderr))
        // When the admin API is asked with that token, and without it
        var request = URLRequest(url: try #require(URL(string: "http://127.0.0.1:\(port)/admin/versions")))
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (_, response) = try await URLSession.shared.data(for: request)
        let (anonymous, _) = try await ServerProcess.get("http://127.0.0.1:\(port)/admin/versions")
        // Then the token from the file is the one it accepts
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(anonymous == 401)
    }
}
