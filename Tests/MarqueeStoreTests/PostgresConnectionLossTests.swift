import Foundation
import MarqueeCore
import MarqueeTestSupport
import Testing

@testable import MarqueeStore

/// A PostgreSQL connection closed by the server in the middle of a read or a write (a restart, a failover,
/// `pg_terminate_backend`) fails that call with the store's error at once; it must never take the process down, nor
/// leave the call waiting forever (which kept a replica from stopping on SIGTERM), and the store must work again with
/// new connections afterwards.
///
/// With postgres-nio's async row sequences a cut-off read trapped ("How can we receive a body part, after a
/// channelReadComplete, but no read has been forwarded yet"; `bench/chaos.sh` saw a replica die); with its future-based
/// query alone, most cut-off reads never returned. The store now reads through the future-based query raced against the
/// connection's close (`PostgresConnection.allRows`).
@Suite(.dedicatedThreads, .serialized)
struct PostgresConnectionLossTests {
    private typealias F = LogFixture

    /// How many events the store holds: enough that reading them takes many network reads.
    private static let eventCount = 30_000
    /// How many times the connections are terminated at different moments of a read or a write.
    private static let attempts = 10
    /// How long a cut-off call may take before it counts as never returning.
    private static let patience = Duration.seconds(10)

    @Test(.enabled(if: PostgresTestServer.enabled))
    func aReadWhoseConnectionTheServerClosesCompletesOrFailsAtOnce() async throws {
        try await PostgresTestServer.withDatabase { location in
            // Given a store holding 30,000 watch events, and how long reading them all takes here
            let store = try await PostgresEventStore(location: location)
            for batch in 0..<(Self.eventCount / 10_000) {
                _ = try await store.store(IngestBatch(source: "s", events: Self.events(10_000, from: batch * 10_000)))
            }
            let started = ContinuousClock.now
            #expect(try await store.activity(since: nil).count == Self.eventCount)
            let readTime = ContinuousClock.now - started

            // When the server terminates the store's connections while it reads, at moments spread over a read's time
            var outcomes = Outcomes()
            for attempt in 0..<Self.attempts {
                let read = Task { try await store.activity(since: nil) }
                try await Task.sleep(for: readTime * Self.moment(attempt))
                try await PostgresTestServer.terminateConnections(to: location)
                // Then each read either finished whole or failed at once with the store's error naming the read
                switch await read.result(within: Self.patience) {
                case .some(.success(let events)):
                    #expect(events.count == Self.eventCount)
                    outcomes.completed += 1
                case .some(.failure(let error)):
                    Self.expectStoreError(error, code: .readFailed, naming: "reading watch and rate events")
                    outcomes.failed += 1
                case .none:
                    outcomes.hung += 1
                }
            }

            // And some reads were really cut off, none hung, and the store reads everything again on new connections
            #expect(outcomes.failed > 0, "no read was cut off (\(outcomes)): the test closed no connection mid-read")
            #expect(outcomes.hung == 0, "\(outcomes)")
            #expect(try await store.activity(since: nil).count == Self.eventCount)
            try await Self.expectCloses(store)
        }
    }

    @Test(.enabled(if: PostgresTestServer.enabled))
    func aWriteWhoseConnectionTheServerClosesCompletesOrFailsAtOnce() async throws {
        try await PostgresTestServer.withDatabase { location in
            // Given a store, and how long storing a batch of 10,000 events takes here
            let store = try await PostgresEventStore(location: location)
            let started = ContinuousClock.now
            _ = try await store.store(IngestBatch(source: "s", events: Self.events(10_000, from: 0)))
            let writeTime = ContinuousClock.now - started

            // When the server terminates the store's connections while it stores further batches
            var outcomes = Outcomes()
            for attempt in 0..<Self.attempts {
                let first = (attempt + 1) * 10_000
                let write = Task { try await store.store(IngestBatch(source: "s", events: Self.events(10_000, from: first))) }
                try await Task.sleep(for: writeTime * Self.moment(attempt))
                try await PostgresTestServer.terminateConnections(to: location)
                // Then each write either stored its batch or failed at once with the store's error, naming the batch
                switch await write.result(within: Self.patience) {
                case .some(.success): outcomes.completed += 1
                case .some(.failure(let error)):
                    Self.expectStoreError(error, code: .writeFailed, naming: "storing a batch of s")
                    outcomes.failed += 1
                case .none: outcomes.hung += 1
                }
            }

            // And some writes were really cut off, none hung, and the store holds each batch whole or not at all: every
            // completed one, and a failed one only if the server committed it just before the connection closed
            #expect(outcomes.failed > 0, "no write was cut off (\(outcomes)): the test closed no connection mid-write")
            #expect(outcomes.hung == 0, "\(outcomes)")
            let stored = try await store.activity(since: nil).count
            #expect(stored % 10_000 == 0, "\(stored) events stored: a batch was stored in part")
            #expect(
                ((1 + outcomes.completed) * 10_000...(1 + outcomes.completed + outcomes.failed) * 10_000).contains(stored), "\(stored), \(outcomes)")
            try await Self.expectCloses(store)
        }
    }

    @Test(.enabled(if: PostgresTestServer.enabled))
    func aCallAfterTheServerEndedEveryConnectionTakesNewOnes() async throws {
        try await PostgresTestServer.withDatabase { location in
            let store = try await PostgresEventStore(location: location)
            _ = try await store.store(IngestBatch(source: "s", events: Self.events(1_000, from: 0)))
            for round in 0..<5 {
                // Given a store whose pool holds several idle connections
                try await withThrowingTaskGroup { group in
                    for _ in 0..<4 { group.addTask { _ = try await store.activity(since: nil) } }
                    try await group.waitForAll()
                }
                // When the server ends every one of them, as a restart does
                try await PostgresTestServer.terminateConnections(to: location)
                // Then the next read and the next write work at once, on new connections
                #expect(try await store.activity(since: nil).count == 1_000, "round \(round)")
                try await store.releaseLease("lifecycle", holder: "test")
                #expect(try await store.lease("lifecycle") == nil, "round \(round)")
            }
            try await Self.expectCloses(store)
        }
    }
}

extension PostgresConnectionLossTests {
    /// How the cut-off calls ended.
    private struct Outcomes: CustomStringConvertible {
        var completed = 0
        var failed = 0
        var hung = 0

        var description: String { "\(completed) completed, \(failed) failed, \(hung) never returned" }
    }

    /// When to terminate the connections in `attempt`, as a share of an uncut call's time: from at once to half as long
    /// again, so that calls are cut off in each of their queries (taking the connection, the transaction's start, the
    /// reads, the commit) and some finish first.
    private static func moment(_ attempt: Int) -> Double {
        1.5 * Double(attempt) / Double(attempts - 1)
    }

    /// `count` watch events of distinct users, movies and times, numbered from `first`.
    private static func events(_ count: Int, from first: Int) -> [Event] {
        (first..<(first + count)).map { n in F.watch(Int64(n / 20), "movie+\(n % 300)+2000", minute: n % 20, at: n) }
    }

    private static func expectStoreError(_ error: any Error, code: StoreError.Code, naming action: String) {
        let storeError = error as? StoreError
        #expect(storeError?.code == code, "\(error)")
        #expect(storeError?.message.contains(action) == true, "\(error)")
    }

    /// Closing the store ends its connections promptly: nothing of the cut-off calls keeps it waiting, as a hung read
    /// kept a replica's shutdown waiting after SIGTERM.
    private static func expectCloses(_ store: PostgresEventStore) async throws {
        let closing = Task<Void, any Error> { await store.close() }
        #expect(await closing.result(within: patience) != nil, "the store did not close within \(patience)")
    }
}
