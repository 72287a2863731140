import Foundation
import MarqueeCore

/// Where the demo keeps its files; a previous demo's store and logs are removed so each run starts fresh.
struct DemoFiles {
    let directory: String
    var store: String { directory + "/marquee.sqlite" }
    var catalogue: String { directory + "/catalogue" }
    var warmUpLog: String { directory + "/warm-up.log" }
    var servingLog: String { directory + "/serving.log" }

    init(directory: String) throws(MarqueeError) {
        self.directory = directory
        let manager = FileManager.default
        do {
            try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for file in [store, store + "-wal", store + "-shm", warmUpLog, servingLog] where manager.fileExists(atPath: file) {
                try manager.removeItem(atPath: file)
            }
        } catch {
            throw MarqueeError(.io, "cannot prepare the demo directory '\(directory)': choose a writable one with --dir", cause: error)
        }
    }
}
