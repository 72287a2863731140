import Foundation
import MarqueeCore
import MarqueeIngest
import MarqueeStore
import MarqueeTestSupport
import Synchronization
import Testing

struct EventIngestorTests {
    private typealias F = LogFixture

    @Test func ingestingAFileTwiceStoresNothingTwiceAndReadsNothingNew() async throws {
        // Given a log file ingested once
        let directory = try FixtureDirectory()
        let path = directory.path("log.txt")
        try F.write(F.watchLines(count: 250), to: path)
        let store = try SQLiteEventStore.inMemory()
        let ingestor = EventIngestor(store: store, configuration: IngestConfiguration(batchSize: 100))
        let first = try await ingestor.ingest(file: path)
        // When it is ingested again
        let second = try await ingestor.ingest(file: path)
        // Then the first run stored everything, the second read nothing
        #expect(first.linesRead == 250)
        #expect(first.eventsStored == 250)
        #expect(first.batches == 3)
        #expect(second.linesRead == 0)
        #expect(second.eventsStored == 0)
        #expect(second.startOffset == first.position?.offset)
        #expect(try await store.statistics().events.total == 250)
    }

    @Test func ingestingFromStartSkipsStoredEventsAsDuplicates() async throws {
        // Given a log file ingested once
        let directory = try FixtureDirectory()
        let path = directory.path("log.txt")
        try F.write(F.watchLines(count: 120), to: path)
        let store = try SQLiteEventStore.inMemory()
        let ingestor = EventIngestor(store: store, configuration: IngestConfiguration(batchSize: 50))
        _ = try await ingestor.ingest(file: path)
        // When it is ingested again from the start
        let again = try await ingestor.ingest(file: path, fromStart: true)
        // Then every line is read and every event is a duplicate
        #expect(again.linesRead == 120)
        #expect(again.eventsStored == 0)
        #expect(again.duplicates == 120)
        #expect(try await store.statistics().duplicates == 120)
    }

    @Test func resumesFromCheckpointAfterACrashWithExactCounts() async throws {
        // Given a run that fails while storing its third batch of 100 lines, as a killed process would
        let directory = try FixtureDirectory()
        let path = directory.path("log.txt")
        try F.write(F.watchLines(count: 1_000), to: path)
        let store = try SQLiteEventStore.inMemory()
        let crashing = EventIngestor(store: FailingEventStore(wrapping: store, failingBatch: 3), configuration: IngestConfiguration(batchSize: 100))
        await #expect(throws: IngestError.self) { _ = try await crashing.ingest(file: path) }
        #expect(try await store.statistics().events.total == 200)
        // When the file is ingested again with the real store
        let resumed = try await EventIngestor(store: store, configuration: IngestConfiguration(batchSize: 100)).ingest(file: path)
        // Then it reads only what was not stored, and every event is stored exactly once
        #expect(resumed.linesRead == 800)
        #expect(resumed.eventsStored == 800)
        #expect(resumed.duplicates == 0)
        let statistics = try await store.statistics()
        #expect(statistics.events.total == 1_000)
        #expect(statistics.duplicates == 0)
        #expect(try await store.interactions().map(\.minutesWatched).reduce(0, +) == 1_000)
    }

    @Test func quarantinesMalformedLinesWithReasonsAndOffsets() async throws {
        // Given a log with good and malformed lines
        let directory = try FixtureDirectory()
        let path = directory.path("log.txt")
        let good = F.line(F.account(1, at: 0))
        let lines = [good, "not a line", "2025-13-01T00:00:00,1,GET /create_account", "2025-01-01T00:00:00,1,GET /rate/heat+1995=9", ""]
        try F.write(lines, to: path)
        let store = try SQLiteEventStore.inMemory()
        // When it is ingested
        let summary = try await EventIngestor(store: store).ingest(file: path)
        // Then bad lines are quarantined with their reason, counted, and the good one stored
        #expect(summary.linesRead == 5)
        #expect(summary.eventsStored == 1)
        #expect(summary.quarantinedByReason == [.truncated: 1, .badTimestamp: 1, .ratingOutOfScale: 1, .empty: 1])
        let statistics = try await store.statistics()
        #expect(statistics.quarantine.byReason == ["truncated": 1, "bad_timestamp": 1, "rating_out_of_scale": 1, "empty": 1])
        #expect(summary.bytesRead == Int64(lines.joined(separator: "\n").utf8.count + 1))
    }

    @Test func quarantinedLinesCarryTheirByteOffsets() async throws {
        // Given a store that records batches, and a log whose second and fourth lines are bad
        let directory = try FixtureDirectory()
        let path = directory.path("log.txt")
        let good = F.line(F.account(1, at: 0))
        try F.write([good, "bad one", good, "bad two"], to: path)
        let recorder = RecordingEventStore()
        // When it is ingested
        _ = try await EventIngestor(store: recorder).ingest(file: path)
        // Then each quarantined line has the offset of its first byte in the file
        let quarantined = await recorder.batches.flatMap(\.quarantined)
        let lineLength = Int64(good.utf8.count + 1)
        #expect(quarantined.map(\.offset) == [lineLength, 2 * lineLength + Int64("bad one\n".utf8.count)])
        #expect(quarantined.map(\.line) == ["bad one", "bad two"])
        #expect(quarantined.allSatisfy { $0.source == "file:\(path)" })
    }

    @Test func quarantinesUnknownMoviesAndUsersWhenCatalogueIsPresent() async throws {
        // Given a catalogue of one user and one movie
        let store = try SQLiteEventStore.inMemory()
        try await store.upsert(users: [CatalogueFixture.user(1)])
        try await store.upsert(movies: [CatalogueFixture.movie("heat+1995")])
        let directory = try FixtureDirectory()
        let path = directory.path("log.txt")
        try F.write(
            [
                F.line(F.watch(1, "heat+1995", minute: 0, at: 0)),  // known user and movie
                F.line(F.watch(1, "alien+1979", minute: 0, at: 1)),  // unknown movie
                F.line(F.watch(2, "heat+1995", minute: 0, at: 2)),  // unknown user
                F.line(F.account(2, at: 3)),  // introduces user 2
                F.line(F.rate(2, "heat+1995", rating: 5, at: 4)),  // now known
                F.line(F.recommendation(9, ["unknown+movie+2020"], at: 5)),  // telemetry is not checked
            ], to: path)
        // When the log is ingested with the default configuration
        let summary = try await EventIngestor(store: store).ingest(file: path)
        // Then unknown references are quarantined with their reason, the rest stored
        #expect(summary.eventsStored == 4)
        #expect(summary.quarantinedByReason == [.unknownMovie: 1, .unknownUser: 1])
    }

    @Test func doesNotValidateReferencesWithoutCatalogue() async throws {
        // Given an empty catalogue
        let store = try SQLiteEventStore.inMemory()
        let directory = try FixtureDirectory()
        let path = directory.path("log.txt")
        try F.write([F.line(F.watch(1, "heat+1995", minute: 0, at: 0))], to: path)
        // When a log is ingested
        let summary = try await EventIngestor(store: store).ingest(file: path)
        // Then nothing is quarantined for unknown references
        #expect(summary.eventsStored == 1)
        #expect(summary.quarantined == 0)
    }

    @Test func processesAnIncompleteLastLineAtEndOfFile() async throws {
        // Given a log whose last line has no newline
        let directory = try FixtureDirectory()
        let path = directory.path("log.txt")
        let lines = F.watchLines(count: 3)
        try Data((lines[0] + "\n" + lines[1] + "\n" + lines[2]).utf8).write(to: URL(fileURLWithPath: path))
        let store = try SQLiteEventStore.inMemory()
        // When it is ingested without following
        let summary = try await EventIngestor(store: store).ingest(file: path)
        // Then the last line is stored too and the checkpoint is the end of the file
        #expect(summary.eventsStored == 3)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)
        #expect(try await store.position(of: "file:\(path)") == SourcePosition(offset: size.int64Value, file: FileIdentity(ofFileAt: path)))
    }

    @Test func acceptsCRLFLineEndings() async throws {
        // Given a log with CRLF line endings and a bad line
        let directory = try FixtureDirectory()
        let path = directory.path("log.txt")
        try F.write(F.watchLines(count: 4) + ["broken"], to: path, terminator: "\r\n")
        let store = try SQLiteEventStore.inMemory()
        let recorder = RecordingEventStore(forwardingTo: store)
        // When it is ingested
        let summary = try await EventIngestor(store: recorder).ingest(file: path)
        // Then every good line is stored and the quarantined text has no carriage return
        #expect(summary.eventsStored == 4)
        #expect(await recorder.batches.flatMap(\.quarantined).map(\.line) == ["broken"])
    }

    @Test func reportsProgressEveryConfiguredNumberOfBatches() async throws {
        // Given a log of 10 batches and a progress interval of 4 batches
        let directory = try FixtureDirectory()
        let path = directory.path("log.txt")
        try F.write(F.watchLines(count: 100), to: path)
        let reports = ProgressRecorder()
        let ingestor = EventIngestor(
            store: try SQLiteEventStore.inMemory(), configuration: IngestConfiguration(batchSize: 10, progressInterval: 4))
        // When it is ingested
        _ = try await ingestor.ingest(file: path) { reports.record($0) }
        // Then progress is reported after batches 4 and 8
        #expect(reports.all.map(\.linesRead) == [40, 80])
    }

    @Test func followModePicksUpAppendedLines() async throws {
        // Given a log followed with a short poll interval
        let directory = try FixtureDirectory()
        let path = directory.path("log.txt")
        let lines = F.watchLines(count: 6)
        try F.write(Array(lines[0..<3]), to: path)
        let store = try SQLiteEventStore.inMemory()
        let ingestor = EventIngestor(store: store)
        let run = Task { try await ingestor.ingest(file: path, follow: true, pollInterval: .milliseconds(10)) }
        try await waitUntil { try await store.statistics().events.total == 3 }
        // When lines are appended, the last one in two writes
        try F.append(lines[3] + "\n" + lines[4] + "\n" + lines[5].prefix(10), to: path)
        try await Task.sleep(for: .milliseconds(50))
        try F.append(lines[5].dropFirst(10) + "\n", to: path)
        try await waitUntil { try await store.statistics().events.total == 6 }
        run.cancel()
        let summary = try await run.value
        // Then every appended line was stored once, whole
        #expect(summary.eventsStored == 6)
        #expect(summary.quarantined == 0)
    }

    /// Polls `condition` until it holds, failing after about five seconds.
    private func waitUntil(_ condition: () async throws -> Bool) async throws {
        for _ in 0..<500 {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("condition not met within 5 s")
    }
}

/// Collects progress reports from the ingestor's callback.
final class ProgressRecorder: Sendable {
    private let reports = Mutex<[IngestProgress]>([])

    func record(_ report: IngestProgress) {
        reports.withLock { $0.append(report) }
    }

    var all: [IngestProgress] { reports.withLock { $0 } }
}
