import Foundation
import MarqueeCore
import MarqueeStore

/// Where the demo keeps its files; a previous demo's store and logs are removed so each run starts fresh.
struct DemoFiles {
    let directory: String
    let store: String
    var models: String { directory + "/models" }
    var catalogue: String { directory + "/catalogue" }
    var warmUpLog: String { directory + "/warm-up.log" }

    /// The log of one serving day.
    func servingLog(day: Int) -> String { directory + "/serving-day-\(day).log" }

    init(directory: String, store: String? = nil) throws(MarqueeError) {
        self.directory = directory
        self.store = store ?? directory + "/marquee.sqlite"
        let store = self.store
        let manager = FileManager.default
        do {
            try manager.createDirectory(atPath: directory + "/models", withIntermediateDirectories: true)
            var stale = try manager.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix("serving-day-") }.map { directory + "/" + $0 }
            // Only the artifacts a demo writes (v<number>-<kind>.mqm), never other files someone keeps there.
            stale += try manager.contentsOfDirectory(atPath: directory + "/models").filter {
                $0.hasPrefix("v") && $0.hasSuffix(".mqm") && $0.dropFirst().prefix(while: \.isNumber).count > 0
            }.map { directory + "/models/" + $0 }
            // A SQLite store is recreated; a PostgreSQL database is left alone (the demo checks it is empty).
            let storeFiles = PostgresLocation.isPostgresURL(store) ? [] : [store, store + "-wal", store + "-shm"]
            for file in storeFiles + [warmUpLog] + stale where manager.fileExists(atPath: file) {
                try manager.removeItem(atPath: file)
            }
        } catch {
            throw MarqueeError(.io, "cannot prepare the demo directory '\(directory)': choose a writable one with --dir", cause: error)
        }
    }
}
