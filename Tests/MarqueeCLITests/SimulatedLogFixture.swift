import Foundation
import MarqueeStore
import Testing

/// The simulated service the CLI tests over PostgreSQL share: a 3-day log and catalogue of 300 users × 80 movies.
enum SimulatedLogFixture {
    /// Writes the log (`log.txt`) and catalogue (`catalogue/`) into `directory` with `marquee simulate`, and creates an
    /// empty `models/` directory.
    static func write(in directory: TemporaryDirectory) throws -> (log: String, catalogue: String, models: String) {
        let simulate = try MarqueeProcess.run([
            "simulate", "--users", "300", "--movies", "80", "--days", "3", "--seed", "7", "--out", directory.path("log.txt"),
            "--catalogue-out", directory.path("catalogue"),
        ])
        try #require(simulate.status == 0, "simulate failed: \(simulate.standardError)")
        let models = directory.path("models")
        try FileManager.default.createDirectory(atPath: models, withIntermediateDirectories: true)
        return (directory.path("log.txt"), directory.path("catalogue"), models)
    }

    /// The `--store` URL of a test database.
    static func url(of location: PostgresLocation) -> String {
        "postgres://\(location.username)@\(location.host):\(location.port)/\(location.database)?sslmode=disable"
    }
}
