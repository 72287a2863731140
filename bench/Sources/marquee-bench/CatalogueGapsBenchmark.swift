import Foundation
import MarqueeCore
import MarqueeIngest
import MarqueeStore

/// Ingests a log file into a fresh store (SQLite path or empty PostgreSQL database), loads a catalogue of every other
/// user and movie the log names, then times ``EventStore/catalogueGaps()`` several times: the query `marquee
/// catalogue` starts with, at the scale of the log.
struct CatalogueGapsBenchmark {
    let path: String
    let storeLocation: String
    let repeats: Int

    func run() async throws {
        let location = try StoreLocation(storeLocation)
        if case .sqlite(let file) = location, FileManager.default.fileExists(atPath: file) {
            throw BenchError("\(file) exists; the benchmark needs a fresh store")
        }
        let store = try await location.open()
        guard try await store.statistics().events.total == 0 else {
            throw BenchError("\(store.location) holds events; the benchmark needs a fresh store")
        }
        let clock = ContinuousClock()
        let summary = try await EventIngestor(store: store, clock: clock).ingest(file: path)
        report(
            "ingest", Double(summary.eventsStored) / summary.elapsedSeconds, "events/s",
            "\(summary.linesRead) lines, \(summary.eventsStored) stored, \(String(format: "%.1f", summary.elapsedSeconds)) s")

        // Half the users and movies get records, so that the gaps are half of what the events name.
        let before = try await store.catalogueGaps()
        let users = before.users.enumerated().filter { $0.offset % 2 == 0 }.map { User(id: $0.element) }
        let movies = before.movies.enumerated().filter { $0.offset % 2 == 0 }.map { Movie(id: $0.element, title: $0.element.slug) }
        for start in stride(from: 0, to: users.count, by: 10_000) {
            try await store.upsert(users: Array(users[start..<min(start + 10_000, users.count)]))
        }
        try await store.upsert(movies: movies)

        var seconds: [Double] = []
        var gaps = CatalogueGaps()
        for _ in 0..<repeats {
            let start = clock.now
            gaps = try await store.catalogueGaps()
            seconds.append((clock.now - start).inSeconds)
        }
        try await store.close()
        seconds.sort()
        report(
            "catalogue-gaps", seconds[seconds.count / 2] * 1_000, "ms median",
            "\(repeats) runs, min \(String(format: "%.1f", seconds[0] * 1_000)) ms, "
                + "max \(String(format: "%.1f", seconds[seconds.count - 1] * 1_000)) ms; "
                + "named by events: \(before.users.count) users, \(before.movies.count) movies; gaps after loading half: "
                + "\(gaps.users.count) users, \(gaps.movies.count) movies")
    }
}
