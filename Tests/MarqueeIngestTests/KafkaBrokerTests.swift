#if Kafka
import Foundation
import MarqueeIngest
import MarqueeStore
import MarqueeTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// End to end against a standalone Kafka broker: `noida-db` from PyPI, started for the test on a free loopback port.
///
/// Skipped when the broker cannot be installed or started, unless `MARQUEE_REQUIRE_DATA=1` (CI sets it): then the
/// test fails and says why.
@Suite(.dedicatedThreads, .timeLimit(.minutes(3)))
struct KafkaBrokerTests {
    @Test func producesAndIngestsThroughAStandaloneBrokerStoringEachEventOnce() async throws {
        guard let broker = StandaloneKafkaBroker.start() else {
            if EvaluationDatasets.dataRequired {
                Issue.record("no standalone Kafka broker: \(StandaloneKafkaBroker.unavailableMessage)")
            }
            return
        }
        defer { broker.stop() }
        // Given 2,000 log lines produced to a fresh topic, one malformed
        let lines = LogFixture.watchLines(count: 1_000) + ["garbage"] + LogFixture.watchLines(count: 999, startingAt: 1_000)
        let producer = try await KafkaLogProducer(brokers: broker.address, topic: "movielog7", connectAttempts: 10)
        for line in lines { try producer.send(line: Array(line.utf8)) }
        try producer.flush(timeout: .seconds(60))
        let store = try SQLiteEventStore.inMemory()
        let ingestor = EventIngestor(store: store, configuration: IngestConfiguration(batchSize: 500))
        let configuration = KafkaConsumerConfiguration(
            brokers: broker.address, topic: "movielog7", group: "marquee", connectAttempts: 10, initialBackoff: .milliseconds(200),
            stopWhenCaughtUp: true)
        // When a consumer group ingests it twice
        let first = try await ingestor.ingest(kafka: configuration)
        let second = try await ingestor.ingest(kafka: configuration)
        // Then every event is stored once, the bad line is quarantined, and the committed offsets hold
        #expect(producer.delivered == 2_000)
        #expect(first.eventsStored == 1_999)
        #expect(first.quarantined == 1)
        #expect(second.linesRead == 0)
        #expect(try await store.statistics().events.total == 1_999)
    }
}

/// A `noida-db` Kafka broker running for one test.
final class StandaloneKafkaBroker {
    /// Why no broker could be started.
    static let unavailableMessage =
        "'noida-db start --only kafka' could not be installed ('python3 -m pip install noida-db') or did not listen within 30 s"

    /// `127.0.0.1:<port>`.
    let address: String
    private let process: Process
    private let directory: FixtureDirectory

    private init(address: String, process: Process, directory: FixtureDirectory) {
        self.address = address
        self.process = process
        self.directory = directory
    }

    /// Starts a broker on a free port with a fresh data directory, installing `noida-db` with pip if needed;
    /// `nil` when that fails.
    static func start() -> StandaloneKafkaBroker? {
        if binary() == nil { _ = run(["python3", "-m", "pip", "install", "--quiet", "noida-db"]) }
        guard let binary = binary(), let directory = try? FixtureDirectory(), let port = freePort() else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["start", "--only", "kafka", "--kafka-port", "\(port)", "--data-dir", directory.path("noida")]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let broker = StandaloneKafkaBroker(address: "127.0.0.1:\(port)", process: process, directory: directory)
        for _ in 0..<300 {
            if accepts(port: port) { return broker }
            if !process.isRunning { return nil }
            usleep(100_000)
        }
        broker.stop()
        return nil
    }

    /// Stops the broker (SIGTERM, then SIGKILL after 3 s: a broker without a terminal may ignore SIGTERM) and
    /// waits for it to exit; its data directory is temporary.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        for _ in 0..<30 where process.isRunning { usleep(100_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// The broker binary inside the installed wheel (run directly, so that stopping it needs no Python wrapper).
    private static func binary() -> String? {
        let output = Pipe()
        let found = run(
            ["python3", "-c", "from importlib.resources import files; print(files('noida_db').joinpath('noida-db'))"], output: output)
        let path = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard found, FileManager.default.fileExists(atPath: path) else { return nil }
        // The wheel's Python wrapper makes the binary executable before running it; so does this.
        try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }

    private static func run(_ arguments: [String], output: Pipe? = nil) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = output ?? FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    /// A loopback port nobody listens on, from the kernel.
    private static func freePort() -> UInt16? {
        withSocket { socket, address in
            guard bind(socket, address, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 else { return nil }
            var bound = sockaddr_in()
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let found = withUnsafeMutablePointer(to: &bound) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
            }
            return found == 0 ? UInt16(bigEndian: bound.sin_port) : nil
        }
    }

    /// Whether something accepts connections on the loopback port.
    private static func accepts(port: UInt16) -> Bool {
        withSocket(port: port) { socket, address in connect(socket, address, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 ? true : nil }
            ?? false
    }

    private static func withSocket<T>(port: UInt16 = 0, _ body: (Int32, UnsafePointer<sockaddr>) -> T?) -> T? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body(descriptor, $0) } }
    }
}
#endif
