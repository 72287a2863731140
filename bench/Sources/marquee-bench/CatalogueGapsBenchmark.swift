import Foundation
import MarqueeCore
import MarqueeStore

/// Times ``EventStore/catalogueGaps()``, the query `marquee catalogue` starts with, on a store that holds a log
/// (SQLite path or `postgres://` URL), e.g. one filled by `marquee ingest`. Opening it is timed too: it applies the
/// migrations the store lacks (on a store made before the gaps were indexed, filling `event_users` from the events).
/// When the store has no user records, half of the users and movies its events name are recorded first, so that the
/// gaps are half of what the events name.
struct CatalogueGapsBenchmark {
    let storeLocation: String
    let repeats: Int

    func run() async throws {
        let clock = ContinuousClock()
        let opening = clock.now
        let store = try await StoreLocation(storeLocation).open()
        let opened = (clock.now - opening).inSeconds
        guard try await store.statistics().events.total > 0 else { throw BenchError("\(store.location) holds no events; ingest a log first") }
        report("open", opened * 1_000, "ms", "opening \(store.location), with the migrations it lacked")

        let named = try await store.catalogueGaps()
        if try await store.userIDs().isEmpty {
            let users = named.users.enumerated().filter { $0.offset % 2 == 0 }.map { User(id: $0.element) }
            let movies = named.movies.enumerated().filter { $0.offset % 2 == 0 }.map { Movie(id: $0.element, title: $0.element.slug) }
            for start in stride(from: 0, to: users.count, by: 10_000) {
                try await store.upsert(users: Array(users[start..<min(start + 10_000, users.count)]))
            }
            try await store.upsert(movies: movies)
        }

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
                + "max \(String(format: "%.1f", seconds[seconds.count - 1] * 1_000)) ms; gaps: \(gaps.users.count) users, "
                + "\(gaps.movies.count) movies")
    }
}
