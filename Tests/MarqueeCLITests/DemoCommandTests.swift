import Foundation
import MarqueeTestSupport
import Testing

@Suite(.dedicatedThreads)
struct DemoCommandTests {
    @Test func demoRunsTheWholeLoopAndReportsWhatHappened() throws {
        // Given a small simulated service
        let directory = try TemporaryDirectory()
        // When the demo runs end to end
        let output = try MarqueeProcess.run([
            "demo", "--users", "300", "--movies", "80", "--warm-up-days", "1", "--days", "2", "--dir", directory.path("demo"),
        ])
        // Then it succeeds, served requests over HTTP, and reports the measured figures
        #expect(output.status == 0, "demo failed: \(output.standardError)")
        let text = output.standardOutput
        for heading in ["events", "quarantined", "requests", "latency", "followed"] {
            #expect(text.contains("\n\(heading) "), "missing '\(heading)' in: \(text)")
        }
        let requestsLine = try #require(text.split(separator: "\n").first { $0.hasPrefix("requests") })
        let answered = requestsLine.split(separator: ",")[1].split(separator: " ").first.flatMap { Int($0) }
        #expect((answered ?? 0) > 0, "no request answered: \(requestsLine)")
        #expect(FileManager.default.fileExists(atPath: directory.path("demo/marquee.sqlite")))
        #expect(text.contains("\nonline metric ") && text.contains("baseline     oracle") && text.contains("\nregistry "))

        // And the store it leaves answers the online, registry and provenance commands
        let store = directory.path("demo/marquee.sqlite")
        let online = try MarqueeProcess.run(["online", "--store", store, "--json"])
        #expect(online.status == 0, "\(online.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(online.standardOutput.utf8)) as? [String: Any])
        let report = try #require(object["report"] as? [String: Any])
        #expect(((report["overall"] as? [String: Any])?["answers"] as? Int ?? 0) > 0, "day 1's windows are closed")
        #expect((report["definition"] as? String)?.contains("Operationalisation") == true)
        #expect(object["availability"] as? Double == 1)
        let registry = try MarqueeProcess.run(["registry", "list", "--store", store, "--json"])
        let versions = try JSONSerialization.jsonObject(with: Data(registry.standardOutput.utf8)) as? [[String: Any]]
        #expect((versions?.count ?? 0) >= 3)
    }
}
