import Foundation
import MarqueeCore
import MarqueeTestSupport
import Testing

@testable import MarqueeStore

/// Behaviour specific to the PostgreSQL store: reaching the server, sharing a database, foreign databases.
struct PostgresEventStoreTests {
    private typealias F = LogFixture

    @Test func connectionRefusedAsksWhetherPostgreSQLIsRunning() async throws {
        // Given a port on the loopback interface where nothing listens
        let location = PostgresLocation(host: "127.0.0.1", port: 1, username: "marquee", database: "marquee", tls: .disable)
        // When a store is opened there
        let error = await #expect(throws: StoreError.self) {
            _ = try await PostgresEventStore(location: location, configuration: .init(connectTimeout: .seconds(5)))
        }
        // Then the error says so and names the server
        #expect(error?.code == .cannotOpen)
        #expect(error?.message.contains("is PostgreSQL running at 127.0.0.1:1?") == true, "\(error?.message ?? "")")
    }

    @Test(.enabled(if: PostgresTestServer.enabled))
    func aMissingDatabaseIsNamedWithTheFix() async throws {
        let server = try PostgresLocation(url: try #require(PostgresTestServer.url, "\(PostgresTestServer.unavailableMessage)"))
        let error = await #expect(throws: StoreError.self) {
            _ = try await PostgresEventStore(location: server.with(database: "marquee_no_such_database"))
        }
        #expect(error?.code == .cannotOpen)
        #expect(error?.message.contains("does not exist") == true, "\(error?.message ?? "")")
    }

    @Test(.enabled(if: PostgresTestServer.enabled))
    func twoProcessesOpeningANewDatabaseAtOnceMigrateItOnce() async throws {
        try await PostgresTestServer.withDatabase { location in
            // When four stores open the same new database at the same moment
            let stores = try await withThrowingTaskGroup(of: PostgresEventStore.self) { group in
                for _ in 0..<4 { group.addTask { try await PostgresEventStore(location: location, configuration: .init(maximumConnections: 1)) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            // Then all opened, and what one stores the others see
            _ = try await stores[0].store(IngestBatch(source: "s", events: [F.watch(1, "heat+1995", minute: 0, at: 0)]))
            for store in stores { #expect(try await store.statistics().events.watch == 1) }
            for store in stores { await store.close() }
        }
    }

    @Test(.enabled(if: PostgresTestServer.enabled))
    func reopeningKeepsEverythingAndResolvesMovieKeys() async throws {
        try await PostgresTestServer.withDatabase { location in
            let first = try await PostgresEventStore(location: location)
            _ = try await first.store(
                IngestBatch(source: "file:/log", events: [F.watch(1, "heat+1995", minute: 0, at: 0)], position: SourcePosition(offset: 61)))
            await first.close()
            // When it is opened again
            let reopened = try await PostgresEventStore(location: location)
            // Then the checkpoint and events are there, and known movies keep their keys
            #expect(try await reopened.position(of: "file:/log") == SourcePosition(offset: 61))
            let outcome = try await reopened.store(
                IngestBatch(source: "file:/log", events: [F.watch(1, "heat+1995", minute: 0, at: 0), F.watch(1, "heat+1995", minute: 1, at: 1)]))
            #expect(outcome == BatchOutcome(stored: 1, duplicates: 1, quarantined: 0))
            #expect(try await reopened.interactions().map(\.minutesWatched) == [2])
            await reopened.close()
        }
    }

    @Test(.enabled(if: PostgresTestServer.enabled))
    func aDatabaseOfAnotherApplicationIsRefused() async throws {
        try await PostgresTestServer.withDatabase { location in
            // Given a database with a table of another application
            try await PostgresTestServer.execute("CREATE TABLE invoices (id INTEGER)", on: location)
            // When it is opened as a store
            let error = await #expect(throws: StoreError.self) { _ = try await PostgresEventStore(location: location) }
            // Then it is refused, naming the table
            #expect(error?.code == .corrupt)
            #expect(error?.message.contains("invoices") == true, "\(error?.message ?? "")")
        }
    }

    @Test(.enabled(if: PostgresTestServer.enabled))
    func storingAfterCloseThrowsInsteadOfHanging() async throws {
        try await PostgresTestServer.withDatabase { location in
            let store = try await PostgresEventStore(location: location)
            await store.close()
            await #expect(throws: StoreError.self) {
                _ = try await store.store(IngestBatch(source: "s", events: [F.account(1, at: 0)]))
            }
        }
    }

    @Test(.enabled(if: PostgresTestServer.enabled))
    func keepsLinesWithNULCharacters() async throws {
        try await EventStoreFactory.postgres.withStore { store in
            let line = QuarantinedLine(source: "s", offset: 0, line: "bad\u{0}line", reason: .truncated, detail: "nul")
            let outcome = try await store.store(IngestBatch(source: "s", events: [], quarantined: [line, line]))
            #expect(outcome.quarantined == 1)
        }
    }

    @Test(.enabled(if: PostgresTestServer.enabled))
    func storesAQuarantinedLineCutTo4KiBWithItsLength() async throws {
        try await PostgresTestServer.withDatabase { location in
            // Given a store and a rejected line of 1 MiB
            let store = try await PostgresEventStore(location: location)
            let line = String(repeating: "z", count: 1 << 20)
            // When it is quarantined
            let outcome = try await store.store(
                IngestBatch(
                    source: "s", events: [], quarantined: [QuarantinedLine(source: "s", offset: 0, line: line, reason: .truncated, detail: "")]))
            // Then 4 KiB of it are stored, with its length, as in the SQLite store
            #expect(outcome.quarantined == 1)
            await store.close()
            try await PostgresTestServer.execute(
                """
                DO $$ BEGIN
                    IF (SELECT count(*) FROM quarantine WHERE octet_length(line) = 4096 AND length = 1048576) <> 1 THEN
                        RAISE EXCEPTION 'the quarantined line is not stored cut to 4 KiB with its length';
                    END IF;
                END $$
                """, on: location)
        }
    }

    @Test(.enabled(if: PostgresTestServer.enabled))
    func upgradesADatabaseOfSchemaVersion3_keepingItsUsersAndFindingTheCatalogueGapsOfItsEvents() async throws {
        try await PostgresTestServer.withDatabase { location in
            // Given a database made before user self-descriptions and the indexed catalogue gaps (schema version 3),
            // with a record of user 5, and events of users 5 and 7 naming heat+1995
            try await PostgresTestServer.execute(
                "CREATE TABLE marquee_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
                on: location)
            for step in PostgresSchema.steps where step.version <= 3 {
                for statement in step.statements { try await PostgresTestServer.execute(statement, on: location) }
                try await PostgresTestServer.execute(
                    "INSERT INTO marquee_migrations (version, name) VALUES (\(step.version), '\(step.name)')", on: location)
            }
            for statement in [
                "INSERT INTO users (id, age, occupation, gender) VALUES (5, 40, 'writer', 'M')",
                "INSERT INTO movies (key, slug) VALUES (1, 'heat+1995')",
                "INSERT INTO events (event_time, user_id, kind, movie, value, batch) VALUES (0, 5, \(StoredKind.watch), 1, 0, 1), (1, 7, \(StoredKind.account), 0, 0, 1)",
            ] {
                try await PostgresTestServer.execute(statement, on: location)
            }
            // When the current code opens it
            let store = try await PostgresEventStore(location: location)
            // Then the user is there without answers, and answers can be stored
            let id = try #require(UserID(5))
            #expect(try await store.users() == [User(id: id, age: 40, occupation: "writer", gender: "M")])
            try await store.upsert(users: [User(id: id, age: 40, likes: "heat")])
            #expect(try await store.users().first?.likes == "heat")
            // And the gaps name the user and the movie of the events stored before, and later events add theirs
            #expect(try await store.catalogueGaps() == CatalogueGaps(users: [F.user(7)], movies: [F.movie("heat+1995")]))
            _ = try await store.store(IngestBatch(source: "s", events: [F.watch(9, "heat+1995", minute: 0, at: 5)]))
            #expect(try await store.catalogueGaps().users == [F.user(7), F.user(9)])
            await store.close()
        }
    }
}
