import Logging
import MarqueeCore
import MarqueeStore
import MarqueeTestSupport
import ServiceLifecycle
import Synchronization
import Testing

@testable import MarqueeServer

/// A server stops promptly on SIGTERM after PostgreSQL ended its connections. The chaos run (`bench/chaos.sh`) saw a
/// replica keep running 30 s after SIGTERM once PostgreSQL had restarted: a graceful shutdown waits for each service's
/// step, and a periodic read whose connection died could wait forever in postgres-nio.
@Suite(.dedicatedThreads, .serialized)
struct PostgresRestartShutdownTests {
    @Test(.enabled(if: PostgresTestServer.enabled))
    func aServerWhoseStoreConnectionsWereEndedStopsPromptlyOnGracefulShutdown() async throws {
        try await PostgresTestServer.withDatabase { location in
            // Given a service reading 30,000 events from PostgreSQL over and over, as a replica's periodic reads do
            let store = try await PostgresEventStore(location: location)
            for batch in 0..<3 {
                let events = (0..<10_000).map { index in
                    let n = batch * 10_000 + index
                    return LogFixture.watch(Int64(n / 20), "movie+\(n % 300)+2000", minute: n % 20, at: n)
                }
                _ = try await store.store(IngestBatch(source: "s", events: events))
            }
            let reader = RepeatedReader(store: store)
            let logger = Logger(label: "marquee.tests.shutdown") { _ in SwiftLogNoOpLogHandler() }
            let group = ServiceGroup(services: [reader], gracefulShutdownSignals: [], logger: logger)
            let running = Task<Void, any Error> { try await group.run() }

            // When PostgreSQL ends its connections six times while it reads
            for _ in 0..<6 {
                try await Task.sleep(for: .milliseconds(400))
                try await PostgresTestServer.terminateConnections(to: location)
            }

            // Then some reads were cut off, and a graceful shutdown (what SIGTERM starts) ends the group within 10 s
            await group.triggerGracefulShutdown()
            let stopped = await running.result(within: .seconds(10))
            #expect(stopped != nil, "the service group did not stop within 10 s of the graceful shutdown")
            #expect(reader.failures.load(ordering: .relaxed) > 0, "no read was cut off: the test closed no connection mid-read")
            if stopped != nil { await store.close() }
        }
    }
}

/// Reads every watch event again and again until the group shuts down, counting the reads that failed.
private final class RepeatedReader: Service {
    let store: PostgresEventStore
    let failures = Atomic<Int>(0)

    init(store: PostgresEventStore) {
        self.store = store
    }

    func run() async throws {
        await repeatUntilShutdown(every: .milliseconds(10)) {
            do {
                _ = try await store.activity(since: nil)
            } catch {
                failures.add(1, ordering: .relaxed)
            }
        }
    }
}
