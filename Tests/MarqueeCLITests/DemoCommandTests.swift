import Foundation
import Testing

struct DemoCommandTests {
    @Test func demoRunsTheWholeLoopAndReportsWhatHappened() throws {
        // Given a small simulated service
        let directory = try TemporaryDirectory()
        // When the demo runs end to end
        let output = try MarqueeProcess.run([
            "demo", "--users", "300", "--movies", "80", "--warm-up-days", "1", "--days", "1", "--dir", directory.path("demo"),
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
    }
}
