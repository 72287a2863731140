import Foundation
import GRDB
import MarqueeCore
import MarqueeTestSupport
import Testing

@testable import MarqueeStore

/// Behaviour specific to the SQLite store: files, permissions, foreign files.
@Suite(.dedicatedThreads)
struct SQLiteEventStoreTests {
    private typealias F = LogFixture

    @Test func survivesCloseAndReopen() async throws {
        // Given a file store with events, a checkpoint and catalogue records
        let directory = try FixtureDirectory()
        let path = directory.path("store.sqlite")
        do {
            let store = try SQLiteEventStore(path: path)
            try await store.upsert(movies: [CatalogueFixture.movie("heat+1995")])
            _ = try await store.store(
                IngestBatch(source: "file:/log", events: [F.watch(1, "heat+1995", minute: 0, at: 0)], position: SourcePosition(offset: 61)))
            try store.close()
        }
        // When it is opened again
        let reopened = try SQLiteEventStore(path: path)
        // Then everything is there, and movie keys still resolve for new events
        #expect(try await reopened.position(of: "file:/log") == SourcePosition(offset: 61))
        #expect(try await reopened.statistics().events.watch == 1)
        let outcome = try await reopened.store(
            IngestBatch(source: "file:/log", events: [F.watch(1, "heat+1995", minute: 0, at: 0), F.watch(1, "heat+1995", minute: 1, at: 1)]))
        #expect(outcome == BatchOutcome(stored: 1, duplicates: 1, quarantined: 0))
        #expect(try await reopened.interactions().map(\.minutesWatched) == [2])
    }

    @Test func upgradesAStoreOfSchemaVersion6_keepingItsUsers() async throws {
        // Given a store file made before user self-descriptions (schema v6), with one user
        let directory = try FixtureDirectory()
        let path = directory.path("old.sqlite")
        do {
            let queue = try DatabaseQueue(path: path)
            try SQLiteSchema.migrator.migrate(queue, upTo: "v6")
            try await queue.write { db in
                try db.execute(sql: "INSERT INTO users (id, age, occupation, gender) VALUES (5, 40, 'writer', 'M')")
            }
            try queue.close()
        }
        // When the current code opens it
        let store = try SQLiteEventStore(path: path)
        // Then the user is there without answers, and answers can be stored
        let id = try #require(UserID(5))
        #expect(try await store.users() == [User(id: id, age: 40, occupation: "writer", gender: "M")])
        try await store.upsert(users: [User(id: id, age: 40, likes: "heat")])
        #expect(try await store.users().first?.likes == "heat")
        try store.close()
    }

    @Test func upgradesAStoreOfSchemaVersion8_findingTheCatalogueGapsOfTheEventsStoredBefore() async throws {
        // Given a store file made before the catalogue gaps were indexed (schema v8), with events of users 5 and 7
        // naming heat+1995, and a record of user 5
        let directory = try FixtureDirectory()
        let path = directory.path("old.sqlite")
        do {
            let queue = try DatabaseQueue(path: path)
            try SQLiteSchema.migrator.migrate(queue, upTo: "v8")
            try await queue.write { db in
                try db.execute(sql: "INSERT INTO movies (key, slug) VALUES (1, 'heat+1995')")
                try db.execute(
                    sql: "INSERT INTO events (time, user, kind, movie, value) VALUES (0, 5, ?, 1, 0), (1, 7, ?, 0, 0)",
                    arguments: [StoredKind.watch, StoredKind.account])
                try db.execute(sql: "INSERT INTO users (id, age, occupation, gender) VALUES (5, 40, 'writer', 'M')")
            }
            try queue.close()
        }
        // When the current code opens it
        let store = try SQLiteEventStore(path: path)
        // Then the gaps name the user and the movie of the events stored before, and later events add theirs
        #expect(try await store.catalogueGaps() == CatalogueGaps(users: [F.user(7)], movies: [F.movie("heat+1995")]))
        _ = try await store.store(IngestBatch(source: "s", events: [F.watch(9, "heat+1995", minute: 0, at: 5)]))
        #expect(try await store.catalogueGaps().users == [F.user(7), F.user(9)])
        try store.close()
    }

    @Test func createsStoreFileReadableByOwnerOnly() throws {
        // Given a path where no file exists
        let directory = try FixtureDirectory()
        let path = directory.path("new.sqlite")
        // When a store is opened there
        _ = try SQLiteEventStore(path: path)
        // Then the file exists with permissions 0600
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test func openingANonSQLiteFileThrowsCorrupt() throws {
        // Given a text file
        let directory = try FixtureDirectory()
        let path = directory.path("notes.txt")
        try Data("these are not the droids you are looking for\n".utf8).write(to: URL(fileURLWithPath: path))
        // When it is opened as a store
        // Then a corrupt error names the file, and nothing crashes
        let error = #expect(throws: StoreError.self) { try SQLiteEventStore(path: path) }
        #expect(error?.code == .corrupt)
        #expect(error?.message.contains("is not a Marquee store") == true)
        #expect(error?.message.contains(path) == true)
    }

    @Test func openingAForeignSQLiteDatabaseThrowsCorrupt() async throws {
        // Given a SQLite database written by another application (a SQLite header and a table)
        let directory = try FixtureDirectory()
        let path = directory.path("other.sqlite")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", path, "CREATE TABLE notes (text TEXT);"]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "sqlite3 is needed for this test")
        // When it is opened as a store
        let error = #expect(throws: StoreError.self) { try SQLiteEventStore(path: path) }
        // Then it is refused as not a Marquee store
        #expect(error?.code == .corrupt)
        #expect(error?.message.contains("another application") == true)
    }

    @Test func openingInAMissingDirectoryThrowsCannotOpen() throws {
        // Given a path whose directory does not exist
        let directory = try FixtureDirectory()
        let path = directory.path("missing/store.sqlite")
        // When a store is opened there
        let error = #expect(throws: StoreError.self) { try SQLiteEventStore(path: path) }
        // Then the error names the directory and how to create it
        #expect(error?.code == .cannotOpen)
        #expect(error?.message.contains("mkdir -p") == true)
    }

    /// The per-event statements run through SQLite's C API (`PreparedInsert`); a failing one must still surface as the
    /// store's typed error with SQLite's message, store nothing of the batch, and leave the store usable.
    @Test(arguments: ["events", "recommendations", "interactions", "event_users"])
    func aFailingPerEventInsertThrowsWriteFailedWithSQLitesMessageAndStoresNothing(table: String) async throws {
        // Given a store whose table refuses new rows
        let store = try SQLiteEventStore.inMemory()
        try await store.writer.write { db in
            try db.execute(sql: "CREATE TRIGGER refuse BEFORE INSERT ON \(table) BEGIN SELECT RAISE(ABORT, 'refused by the test'); END")
        }
        let batch = IngestBatch(
            source: "s", events: [F.watch(1, "heat+1995", minute: 0, at: 0), F.recommendation(2, ["heat+1995"], at: 1)],
            position: SourcePosition(offset: 2))
        // When a batch with a watch and a recommendation is stored
        var thrown: StoreError?
        do {
            _ = try await store.store(batch)
        } catch {
            thrown = error
        }
        // Then a write failure carrying SQLite's message and result code is thrown, and nothing of the batch is stored
        let error = try #require(thrown)
        #expect(error.code == .writeFailed)
        #expect(error.message.contains("refused by the test"))
        let failure = try #require(error.cause as? SQLiteFailure)
        #expect(failure.resultCode == 1811)  // SQLITE_CONSTRAINT_TRIGGER
        #expect(failure.message == "refused by the test")
        let rows = try await store.writer.read { db in
            try Int.fetchOne(
                db,
                sql: """
                    SELECT (SELECT count(*) FROM events) + (SELECT count(*) FROM recommendations)
                        + (SELECT count(*) FROM interactions) + (SELECT count(*) FROM event_users) + (SELECT count(*) FROM batches)
                    """)
        }
        #expect(rows == 0)
        #expect(try await store.position(of: "s") == nil)
        // And once the table accepts rows again, the same batch is stored whole
        try await store.writer.write { db in try db.execute(sql: "DROP TRIGGER refuse") }
        #expect(try await store.store(batch) == BatchOutcome(stored: 2, duplicates: 0, quarantined: 0))
        #expect(try await store.statistics().events.total == 2)
        #expect(try await store.interactions().map(\.minutesWatched) == [1])
        #expect(try await store.position(of: "s") == SourcePosition(offset: 2))
    }

    @Test func storesAQuarantinedLineCutTo4KiBWithItsLength() async throws {
        // Given a store and a rejected line of 1 MiB
        let store = try SQLiteEventStore.inMemory()
        let line = String(repeating: "z", count: 1 << 20)
        // When it is quarantined
        let outcome = try await store.store(
            IngestBatch(source: "s", events: [], quarantined: [QuarantinedLine(source: "s", offset: 0, line: line, reason: .truncated, detail: "")]))
        // Then 4 KiB of it are stored, with its length
        #expect(outcome.quarantined == 1)
        let sizes = try await store.writer.read { db in
            try Int.fetchAll(db, sql: "SELECT length(CAST(line AS BLOB)) FROM quarantine UNION ALL SELECT length FROM quarantine")
        }
        #expect(sizes == [4096, 1 << 20])
    }

    @Test func storingAfterCloseThrowsInsteadOfCrashing() async throws {
        // Given a closed store
        let directory = try FixtureDirectory()
        let store = try SQLiteEventStore(path: directory.path("closed.sqlite"))
        try store.close()
        // When a batch is stored
        // Then a typed store error is thrown
        await #expect(throws: StoreError.self) {
            _ = try await store.store(IngestBatch(source: "s", events: [F.account(1, at: 0)]))
        }
    }
}
