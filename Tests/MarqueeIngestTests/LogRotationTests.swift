import Foundation
import MarqueeCore
import MarqueeIngest
import MarqueeStore
import MarqueeTestSupport
import Testing

/// Following and resuming a log that logrotate rotates, by renaming it (`create`) or by copying and truncating it
/// (`copytruncate`).
struct LogRotationTests {
    private typealias F = LogFixture

    @Test func followsARenamedLogIntoTheNewFile_storingEveryLineOnce() async throws {
        // Given a followed log whose first lines are stored
        let directory = try FixtureDirectory()
        let path = directory.path("movielog")
        let lines = F.watchLines(count: 8)
        try F.write(Array(lines[0..<3]), to: path)
        let store = try SQLiteEventStore.inMemory()
        let run = Task { try await EventIngestor(store: store).ingest(file: path, follow: true, pollInterval: .milliseconds(50)) }
        try await waitUntil { try await store.statistics().events.total == 3 }
        // When logrotate renames it, the writer appends two more lines to the renamed file before it reopens the path,
        // and then writes to a new file at the path
        try FileManager.default.moveItem(atPath: path, toPath: path + ".1")
        try F.append(lines[3] + "\n" + lines[4] + "\n", to: path + ".1")
        try F.write(Array(lines[5..<8]), to: path)
        try await waitUntil { try await store.statistics().events.total == 8 }
        run.cancel()
        let summary = try await run.value
        // Then every line of both files was stored, once
        #expect(summary.eventsStored == 8)
        #expect(summary.duplicates == 0)
        #expect(try await store.statistics().duplicates == 0)
    }

    @Test func followsACopytruncatedLogFromItsStart() async throws {
        // Given a followed log whose first lines are stored
        let directory = try FixtureDirectory()
        let path = directory.path("movielog")
        let lines = F.watchLines(count: 7)
        try F.write(Array(lines[0..<4]), to: path)
        let store = try SQLiteEventStore.inMemory()
        let run = Task { try await EventIngestor(store: store).ingest(file: path, follow: true, pollInterval: .milliseconds(50)) }
        try await waitUntil { try await store.statistics().events.total == 4 }
        // When logrotate copies it and truncates it in place, and the writer goes on appending
        try FileManager.default.copyItem(atPath: path, toPath: path + ".1")
        try truncate(path)
        try F.append(lines[4] + "\n" + lines[5] + "\n", to: path)
        try await waitUntil { try await store.statistics().events.total == 6 }
        try F.append(lines[6] + "\n", to: path)
        try await waitUntil { try await store.statistics().events.total == 7 }
        run.cancel()
        let summary = try await run.value
        // Then the lines written after the truncation are stored, once, and the run never stopped on an error
        #expect(summary.eventsStored == 7)
        #expect(summary.duplicates == 0)
        #expect(summary.quarantined == 0)
    }

    @Test func resumesAfterAFollowedRotation_withoutDuplicates() async throws {
        // Given a followed log rotated by renaming, both files stored, and the run stopped
        let directory = try FixtureDirectory()
        let path = directory.path("movielog")
        let lines = F.watchLines(count: 7)
        try F.write(Array(lines[0..<3]), to: path)
        let store = try SQLiteEventStore.inMemory()
        let run = Task { try await EventIngestor(store: store).ingest(file: path, follow: true, pollInterval: .milliseconds(50)) }
        try await waitUntil { try await store.statistics().events.total == 3 }
        try FileManager.default.moveItem(atPath: path, toPath: path + ".1")
        try F.write(Array(lines[3..<5]), to: path)
        try await waitUntil { try await store.statistics().events.total == 5 }
        run.cancel()
        _ = try await run.value
        // When the new file grows and the ingest starts again
        try F.append(lines[5] + "\n" + lines[6] + "\n", to: path)
        let resumed = try await EventIngestor(store: store).ingest(file: path)
        // Then it reads only the new lines: nothing of the renamed file again, nothing of the new file twice
        #expect(resumed.linesRead == 2)
        #expect(resumed.eventsStored == 2)
        #expect(resumed.duplicates == 0)
        #expect(try await store.statistics().events.total == 7)
    }

    @Test func resumesAfterARotationWhileStopped_finishingTheRenamedFileFirst() async throws {
        // Given a log ingested up to its end
        let directory = try FixtureDirectory()
        let path = directory.path("movielog")
        let lines = F.watchLines(count: 17)
        try F.write(Array(lines[0..<5]), to: path)
        let store = try SQLiteEventStore.inMemory()
        _ = try await EventIngestor(store: store).ingest(file: path)
        // When, while no ingest runs, two lines are appended, the log is renamed, and a new file longer than the
        // checkpoint's offset is written at the path
        try F.append(lines[5] + "\n" + lines[6] + "\n", to: path)
        try FileManager.default.moveItem(atPath: path, toPath: path + ".1")
        try F.write(Array(lines[7..<17]), to: path)
        let resumed = try await EventIngestor(store: store).ingest(file: path)
        let again = try await EventIngestor(store: store).ingest(file: path)
        // Then the renamed file's last two lines and the whole new file are read, once
        #expect(resumed.linesRead == 12)
        #expect(resumed.eventsStored == 12)
        #expect(resumed.duplicates == 0)
        #expect(again.linesRead == 0)
        #expect(try await store.statistics().events.total == 17)
    }

    @Test func aCheckpointWhoseRenamedFileIsGoneIsReportedAsLost() async throws {
        // Given a log ingested up to its end
        let directory = try FixtureDirectory()
        let path = directory.path("movielog")
        let lines = F.watchLines(count: 9)
        try F.write(Array(lines[0..<5]), to: path)
        let store = try SQLiteEventStore.inMemory()
        let first = try await EventIngestor(store: store).ingest(file: path)
        #expect(first.lostCheckpoint == nil)
        // When, while no ingest runs, a line is appended, the log is renamed and the renamed file deleted, and a new
        // file is written at the path
        try F.append(lines[5] + "\n", to: path)
        try FileManager.default.moveItem(atPath: path, toPath: path + ".1")
        try FileManager.default.removeItem(atPath: path + ".1")
        try F.write(Array(lines[6..<9]), to: path)
        let resumed = try await EventIngestor(store: store).ingest(file: path)
        // Then the new file is read from its start, and the run says which checkpoint it lost and what that means
        #expect(resumed.linesRead == 3 && resumed.startOffset == 0)
        #expect(resumed.lostCheckpoint?.offset == first.position?.offset)
        #expect(resumed.lostCheckpointWarning?.contains("were not ingested") == true)
        // And the next run resumes from the new file's checkpoint
        #expect(try await EventIngestor(store: store).ingest(file: path).lostCheckpoint == nil)
    }

    @Test func resumesAfterATruncationWhileStopped_fromTheStart() async throws {
        // Given a log ingested up to its end
        let directory = try FixtureDirectory()
        let path = directory.path("movielog")
        let lines = F.watchLines(count: 7)
        try F.write(Array(lines[0..<5]), to: path)
        let store = try SQLiteEventStore.inMemory()
        _ = try await EventIngestor(store: store).ingest(file: path)
        // When, while no ingest runs, it is copied, truncated and written again, shorter than before
        try FileManager.default.copyItem(atPath: path, toPath: path + ".1")
        try truncate(path)
        try F.append(lines[5] + "\n" + lines[6] + "\n", to: path)
        let resumed = try await EventIngestor(store: store).ingest(file: path)
        // Then the ingest reads the truncated file from its start instead of refusing the checkpoint
        #expect(resumed.linesRead == 2)
        #expect(resumed.eventsStored == 2)
        #expect(try await store.statistics().events.total == 7)
    }

    /// Truncates the file at `path` to nothing in place, as `copytruncate` does.
    private func truncate(_ path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.truncate(atOffset: 0)
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
