import Foundation
import MarqueeCore
import MarqueeTestSupport
import Testing

@testable import MarqueeSimulator

struct OutputTests {
    @Test func fileSinkWritesTheSameBytesAsMemory() async throws {
        // Given a simulation written once to memory and once to a file with small chunks
        let configuration = SimulatorFixtures.configuration(seed: 51, faultRate: 0.01)
        let simulator = try Simulator(configuration: configuration)
        let folder = try FixtureDirectory()
        var memory = InMemoryEventLogSink()
        var file = try BufferedFileSink(path: folder.path("log.csv"), chunkSize: 4096)

        // When both run
        let summary = try await simulator.run(writingTo: &memory)
        _ = try await simulator.run(writingTo: &file)
        try file.close()

        // Then the file holds exactly the lines, newline-terminated
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: folder.path("log.csv"))))
        #expect(bytes == memory.bytes)
        #expect(bytes.count == summary.bytes)
        #expect(file.bytesWritten == bytes.count)
    }

    @Test func fileSinkReportsAMissingFolder() {
        // Given a path in a folder that does not exist
        // When a sink is created
        // Then it throws an io error naming the path
        #expect(throws: MarqueeError.self) { try BufferedFileSink(path: "/nonexistent-folder/x/log.csv") }
    }

    @Test func timeFormatterMatchesEventTime() {
        // Given times across days, with and without microseconds
        var formatter = TimeFormatter()
        var rng = Xoshiro256(seed: 1)
        for _ in 0..<2_000 {
            let micro = 1_735_689_600_000_000 + Int64(rng.below(400 * 86_400)) * 1_000_000 + (rng.chance(0.5) ? Int64(rng.below(1_000_000)) : 0)
            // When formatted
            var bytes: [UInt8] = []
            formatter.append(micro, to: &bytes)
            // Then the text is EventTime's
            #expect(String(decoding: bytes, as: UTF8.self) == EventTime(microseconds: micro).iso8601)
        }
    }

    @Test func invalidConfigurationIsRejected() {
        // Given settings that cannot work
        let bad = [
            SimulatorConfiguration(users: 0), SimulatorConfiguration(movies: 0), SimulatorConfiguration(faultRate: 2),
            SimulatorConfiguration(recommendationServer: "host 8082"), SimulatorConfiguration(requestTimeoutMilliseconds: 0),
        ]

        // When simulators are built from them
        // Then each is rejected with an invalid-argument error
        for configuration in bad {
            #expect(throws: MarqueeError.self) { try Simulator(configuration: configuration) }
        }
    }

    @Test func summaryDescribesTheRun() async throws {
        // Given a finished simulation
        let (_, summary) = try await SimulatorFixtures.log(SimulatorFixtures.configuration(seed: 52, faultRate: 0.01))

        // When it is described
        let text = summary.description

        // Then the main counts are in it
        #expect(text.contains("lines=\(summary.lines)") && text.contains("sessions=\(summary.sessions)") && text.contains("faults="))
        #expect(summary.activeUsers > 0 && summary.activeUsers <= 300)
        #expect(summary.firstEventTime.map { $0 >= SimulatorConfiguration().start } == true)
    }
}

struct SimulatorPacingTests {
    @Test func pacedRunFollowsTheClock() async throws {
        // Given one simulated day at 1,728,000× speed: 50 ms of wall time
        let configuration = SimulatorFixtures.configuration(seed: 61, users: 100, movies: 50, days: 1)
        let simulator = try Simulator(configuration: configuration)
        var paced = InMemoryEventLogSink()
        var unpaced = InMemoryEventLogSink()
        let clock = ContinuousClock()

        // When it runs paced, and once unpaced
        let started = clock.now
        _ = try await simulator.run(writingTo: &paced, speedup: 1_728_000, clock: clock)
        let elapsed = started.duration(to: clock.now)
        _ = try await simulator.run(writingTo: &unpaced)

        // Then it took at least the day's share of wall time (its sessions end within the first hours of the next day)
        // and wrote the same lines
        #expect(elapsed >= .milliseconds(45))
        #expect(paced.lines == unpaced.lines)
    }
}
