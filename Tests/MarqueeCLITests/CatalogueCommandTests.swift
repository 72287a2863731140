import Foundation
import MarqueeTestSupport
import Testing

/// `marquee catalogue --api`: the store's missing users and movies, fetched from `marquee catalogue-api` over HTTP.
@Suite(.dedicatedThreads)
struct CatalogueCommandTests {
    @Test func fetchesTheRecordsAStoreLacksAndCountsTheLogsUnknownIds() throws {
        // Given a day of a simulated log with injected unknown ids, ingested without its catalogue
        let directory = try TemporaryDirectory()
        let world = ["--users", "200", "--movies", "80", "--seed", "11"]
        let simulated = try MarqueeProcess.run(["simulate"] + world + ["--days", "1", "--out", directory.path("log.txt")])
        #expect(simulated.status == 0)
        let store = directory.path("s.sqlite")
        #expect(try MarqueeProcess.run(["ingest", "--store", store, directory.path("log.txt")]).status == 0)
        // And the simulator's user/movie API on a free port
        let (api, _, stderr) = try MarqueeProcess.start(["catalogue-api"] + world + ["--port", "0", "--log-level", "notice"])
        defer { if api.isRunning { api.terminate() } }
        let port = try #require(ServerProcess.boundPort(of: stderr))

        // When the catalogue is fetched twice
        let first = try MarqueeProcess.run(["catalogue", "--store", store, "--api", "http://127.0.0.1:\(port)"])
        let second = try MarqueeProcess.run(["catalogue", "--store", store, "--api", "http://127.0.0.1:\(port)"])

        // Then the first run stored records and failed no request, and the second finds only unknown ids missing
        #expect(first.status == 0, "\(first.standardError)")
        #expect(first.standardOutput.contains("failed requests 0"))
        let fetchedUsers = try #require(Self.count("users: fetched", in: first.standardOutput))
        #expect(fetchedUsers > 0)
        #expect(second.status == 0)
        #expect(Self.count("users: fetched", in: second.standardOutput) == 0)
        #expect(Self.count("movies: fetched", in: second.standardOutput) == 0)
        let stats = try MarqueeProcess.run(["stats", "--store", store, "--json"])
        #expect(stats.standardOutput.contains(#""users":\#(fetchedUsers)"#), "\(stats.standardOutput)")
    }

    @Test func refusesAnAPIThatIsNotAnHTTPURL() throws {
        let directory = try TemporaryDirectory()
        let store = directory.path("s.sqlite")
        #expect(try MarqueeProcess.run(["ingest", "--store", store, "-"], standardInput: FileHandle(forReadingAtPath: "/dev/null")).status == 0)
        let output = try MarqueeProcess.run(["catalogue", "--store", store, "--api", "catalogue:8080"])
        #expect(output.status != 0)
        #expect(output.standardError.contains("--api must be an http(s) URL"), "\(output.standardError)")
    }

    /// The number after `label` in `text`, e.g. 98 in `users: fetched 98, unknown 6`.
    private static func count(_ label: String, in text: String) -> Int? {
        guard let range = text.range(of: label + " ") else { return nil }
        return Int(text[range.upperBound...].prefix { $0.isNumber })
    }
}
