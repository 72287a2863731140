import Foundation
import MarqueeCore

/// Where the demo keeps its files; a previous demo's store and logs are removed so each run starts fresh.
struct DemoFiles {
    let directory: String
    var store: String { directory + "/marquee.sqlite" }
    var catalogue: String { directory + "/catalogue" }
    var warmUpLog: String { directory + "/warm-up.log" }

    /// The log of one serving day.
    func servingLog(day: Int) -> String { directory + "/serving-day-\(day).log" }

    init(directory: String) throws(MarqueeError) {
        self.directory = directory
        let manager = FileManager.default
        do {
            try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let stale = try manager.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix("serving-day-") }.map { directory + "/" + $0 }
            for file in [store, store + "-wal", store + "-shm", warmUpLog] + stale where manager.fileExists(atPath: file) {
                try manager.removeItem(atPath: file)
            }
        } catch {
            throw MarqueeError(.io, "cannot prepare the demo directory '\(directory)': choose a writable one with --dir", cause: error)
        }
    }
}
