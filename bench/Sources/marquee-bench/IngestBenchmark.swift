import Foundation
import MarqueeIngest
import MarqueeStore

/// Ingests a log file into a fresh SQLite store end to end (read, parse, validate, store), timing the whole run.
struct IngestBenchmark {
    let path: String
    let storePath: String

    func run() async throws {
        guard !FileManager.default.fileExists(atPath: storePath) else { throw BenchError("\(storePath) exists; the benchmark needs a fresh store") }
        let store = try SQLiteEventStore(path: storePath)
        let ingestor = EventIngestor(store: store, clock: ContinuousClock())
        let summary = try await ingestor.ingest(file: path)
        let eventsPerSecond = Double(summary.eventsStored) / summary.elapsedSeconds
        report(
            "ingest", eventsPerSecond, "events/s",
            "\(summary.linesRead) lines, \(summary.eventsStored) stored, \(summary.duplicates) duplicates, "
                + "\(summary.quarantined) quarantined, \(String(format: "%.1f", summary.elapsedSeconds)) s, "
                + "\(String(format: "%.0f", summary.linesPerSecond)) lines/s")
    }
}
