#if Kafka
import Foundation
import MarqueeCore
import MarqueeStore
import MarqueeTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Chaos finding 3: a `marquee ingest --kafka` worker SIGKILLed and restarted, against noida-db's standalone broker.
///
/// A worker killed without leaving its consumer group keeps its partitions until the broker expires it, and noida-db
/// never does: without `group.instance.id` the restarted worker consumed nothing (400 s by hand with a
/// confluent-kafka consumer; with this test's worker arguments minus the property, the restarted worker stored
/// nothing more within the 90 s wait and the test failed, checked once by hand on 2026-12-07). With a stable member id
/// (static membership) the restarted worker takes the partitions back at once.
///
/// Skipped when the broker cannot be installed or started, unless `MARQUEE_REQUIRE_DATA=1` (CI sets it): then the
/// test fails and says why.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct KafkaWorkerRestartTests {
    private let topic = "movielog"
    /// Lines produced before the first worker starts, and in all (the rest while it is down).
    private let beforeKill = 16_000
    private let total = 20_000

    @Test func workerKilledMidStreamAndRestartedWithItsMemberIDStoresEveryEventExactlyOnce() async throws {
        guard let broker = StandaloneKafkaBroker.start() else {
            if EvaluationDatasets.dataRequired { Issue.record("no standalone Kafka broker: \(StandaloneKafkaBroker.unavailableMessage)") }
            return
        }
        defer { broker.stop() }
        let directory = try TemporaryDirectory()
        let store = directory.path("s.sqlite")
        let lines = LogFixture.watchLines(count: total)
        let worker = [
            "ingest", "--store", store, "--kafka", broker.address, "--topic", topic, "--group", "marquee",
            "--kafka-property", "group.instance.id=worker-1", "--batch-size", "100", "--log-level", "info",
        ]
        // Given lines on the topic and a worker with a stable member id consuming them in batches of 100
        #expect(try await broker.produce(Array(lines[..<beforeKill]), to: topic) == beforeKill)
        let first = try start(worker, log: directory.path("first.log"))
        // When it is SIGKILLed once it has stored some (usually mid-topic: it does not leave the group, and what it
        // stored after its last commit is read again), more is produced while it is down, and it is started again
        // with the same member id
        let storedBeforeKill = try await waitUntilStored(atLeast: 1, in: store, by: first, within: .seconds(90))
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        #expect(first.terminationReason == .uncaughtSignal && first.terminationStatus == SIGKILL)
        #expect(storedBeforeKill >= 1, "the first worker stored nothing: \(tail(of: directory.path("first.log")))")
        #expect(try await broker.produce(Array(lines[beforeKill...]), to: topic) == total - beforeKill)
        let second = try start(worker, log: directory.path("second.log"))
        defer { if second.isRunning { kill(second.processIdentifier, SIGKILL) } }
        // Then the restarted worker stores the rest within a bounded wait (it takes its partitions back at once)
        let stored = try await waitUntilStored(atLeast: total, in: store, by: second, within: .seconds(90))
        #expect(
            stored == total,
            "the restarted worker stopped at \(stored) of \(total) (\(storedBeforeKill) before the kill): \(tail(of: directory.path("second.log")))")
        // And it leaves the group cleanly on SIGTERM
        second.terminate()
        second.waitUntilExit()
        #expect(second.terminationReason == .exit && second.terminationStatus == 0, "\(tail(of: directory.path("second.log")))")
        // And every produced event is stored exactly once: none missing, none doubled
        let events = try await SQLiteEventStore(path: store).activity(since: nil).map(LogFixture.line)
        let distinct = Set(events)
        #expect(events.count == total && distinct.count == total, "\(events.count) stored, \(distinct.count) distinct, of \(total)")
        #expect(distinct.subtracting(lines).isEmpty && Set(lines).subtracting(distinct).isEmpty, "stored events differ from those produced")
    }

    /// Starts `marquee arguments…` with its standard output and error appended to the file at `log`.
    private func start(_ arguments: [String], log: String) throws -> Process {
        guard FileManager.default.createFile(atPath: log, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        try output.seekToEnd()
        let process = Process()
        process.executableURL = MarqueeProcess.executable
        process.arguments = arguments
        process.standardOutput = output
        process.standardError = output
        try process.run()
        return process
    }

    /// Polls `marquee stats` until the store at `path` holds at least `count` events, `process` exits, or `limit`
    /// passes. - Returns: the events stored then.
    private func waitUntilStored(atLeast count: Int, in path: String, by process: Process, within limit: Duration) async throws -> Int {
        let deadline = ContinuousClock.now + limit
        var stored = 0
        while ContinuousClock.now < deadline, process.isRunning {
            stored = storedEvents(in: path) ?? stored
            if stored >= count { return stored }
            try await Task.sleep(for: .milliseconds(100))
        }
        return storedEvents(in: path) ?? stored
    }

    /// The store's event count from `marquee stats --json`, or `nil` before the store exists or when it cannot be read.
    private func storedEvents(in path: String) -> Int? {
        guard FileManager.default.fileExists(atPath: path),
            let stats = try? MarqueeProcess.run(["stats", "--store", path, "--json"]), stats.status == 0,
            let object = try? JSONSerialization.jsonObject(with: Data(stats.standardOutput.utf8)) as? [String: Any]
        else { return nil }
        return (object["events"] as? [String: Int])?["total"]
    }

    /// The last lines of the worker's log, for a failure's message.
    private func tail(of log: String) -> String {
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(15).joined(separator: "\n")
    }
}
#endif
