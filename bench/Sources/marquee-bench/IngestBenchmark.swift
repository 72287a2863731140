import Foundation
import MarqueeIngest
import MarqueeStore

/// Ingests a log file into a fresh store end to end (read, parse, validate, store), timing the whole run: a new SQLite
/// file, or an empty PostgreSQL database given as a `postgres://` URL.
struct IngestBenchmark {
    let path: String
    let storeLocation: String

    func run() async throws {
        let location = try StoreLocation(storeLocation)
        if case .sqlite(let file) = location, FileManager.default.fileExists(atPath: file) {
            throw BenchError("\(file) exists; the benchmark needs a fresh store")
        }
        let store = try await location.open()
        guard try await store.statistics().events.total == 0 else {
            throw BenchError("\(store.location) holds events; the benchmark needs a fresh store")
        }
        let ingestor = EventIngestor(store: store, clock: ContinuousClock())
        let summary = try await ingestor.ingest(file: path)
        try await store.close()
        let eventsPerSecond = Double(summary.eventsStored) / summary.elapsedSeconds
        report(
            "ingest", eventsPerSecond, "events/s",
            "\(summary.linesRead) lines, \(summary.eventsStored) stored, \(summary.duplicates) duplicates, "
                + "\(summary.quarantined) quarantined, \(String(format: "%.1f", summary.elapsedSeconds)) s, "
                + "\(String(format: "%.0f", summary.linesPerSecond)) lines/s")
    }
}
