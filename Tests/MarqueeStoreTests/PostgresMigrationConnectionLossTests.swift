import Foundation
import MarqueeCore
import MarqueeTestSupport
import Testing

@testable import MarqueeStore

/// Opening a store migrates its schema on a connection of its own. When the server ends that connection while the
/// migration waits (here for another process's migration lock; a PostgreSQL restart does the same), the open fails at
/// once with the store's error: it must not trap in postgres-nio's async row sequence, nor wait forever.
@Suite(.dedicatedThreads, .serialized)
struct PostgresMigrationConnectionLossTests {
    @Test(.enabled(if: PostgresTestServer.enabled))
    func anOpenWhoseMigrationConnectionTheServerEndsFailsAtOnce() async throws {
        try await PostgresTestServer.withDatabase { location in
            try await PostgresTestServer.holdingTransactionLock(PostgresSchema.migrationLock, on: location) {
                // Given a store being opened while another connection holds the migration lock
                let opening = Task { try await PostgresEventStore(location: location) }
                let waiting = "SELECT count(*)::text FROM pg_stat_activity WHERE datname = '\(location.database)' AND wait_event_type = 'Lock'"
                // (the open reaching the lock is the setup, not what is measured: on a machine running every suite at
                // once, connecting and starting the migration once took longer than the 10 s this loop allowed)
                let reachBy = ContinuousClock.now + .seconds(60)
                while ContinuousClock.now < reachBy, try await PostgresTestServer.lines(of: waiting, on: location) != ["1"] {
                    try await Task.sleep(for: .milliseconds(50))
                }
                #expect(try await PostgresTestServer.lines(of: waiting, on: location) == ["1"], "the open never waited for the lock")

                // When the server ends the waiting connection
                try await PostgresTestServer.execute(
                    """
                    SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity
                    WHERE datname = '\(location.database)' AND wait_event_type = 'Lock'
                    """, on: location)

                // Then the open fails within seconds with the store's error
                switch await opening.result(within: .seconds(10)) {
                case .some(.failure(let error)):
                    let storeError = try #require(error as? StoreError)
                    #expect(storeError.code == .migrationFailed)
                case .some(.success):
                    Issue.record("the open succeeded on a connection the server ended")
                case .none:
                    Issue.record("the open did not return within 10 s of its connection being ended")
                }
            }
        }
    }
}
