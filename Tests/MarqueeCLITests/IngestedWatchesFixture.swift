import Foundation
import MarqueeCore
import Testing

/// A store holding 30 minutes of watching by 3 users of 5 movies, ingested by `marquee ingest`: enough history for a
/// server to answer from.
enum IngestedWatchesFixture {
    /// Writes the log into `directory`, ingests it into a new SQLite store there and returns the store's path.
    static func store(in directory: TemporaryDirectory) throws -> String {
        let codec = LogLineCodec()
        let start = try #require(EventTime(year: 2025, month: 1, day: 1))
        let lines = (0..<30).map { index in
            codec.format(
                Event(
                    time: start.adding(seconds: Double(index * 60)), user: UserID(Int64(index % 3))!,
                    kind: .watch(movie: MovieID("movie+\(index % 5)+2000")!, minute: index)))
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: directory.path("log.txt"), atomically: true, encoding: .utf8)
        let store = directory.path("s.sqlite")
        #expect(try MarqueeProcess.run(["ingest", "--store", store, directory.path("log.txt")]).status == 0)
        return store
    }
}
