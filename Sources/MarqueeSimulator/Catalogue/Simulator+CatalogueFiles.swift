import Foundation
import MarqueeCore

extension Simulator {
    /// Writes `users.jsonl` and `movies.jsonl` into `directory` (created if missing): one JSON object
    /// per line, in the shapes of the user and movie API. Users are streamed, so a million users need
    /// no more memory than a few.
    /// - Throws: ``MarqueeError`` with code `io` when a file cannot be written.
    public func writeCatalogue(to directory: String) throws(MarqueeError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw MarqueeError(.io, "cannot create the catalogue folder '\(directory)': \(error.localizedDescription)")
        }
        let folder = URL(fileURLWithPath: directory)
        do {
            var users = try BufferedFileSink(path: folder.appendingPathComponent("users.jsonl").path)
            var line: [UInt8] = []
            for raw in 0..<catalogue.users.count {
                guard let id = UserID(Int64(raw)), let user = user(id) else { continue }
                line.removeAll(keepingCapacity: true)
                CatalogueJSON.user(user, fields: configuration.selfDescriptionFields, to: &line)
                try users.write(line: line)
            }
            try users.close()

            var movies = try BufferedFileSink(path: folder.appendingPathComponent("movies.jsonl").path)
            for (index, movie) in catalogue.movies.movies.enumerated() {
                line.removeAll(keepingCapacity: true)
                CatalogueJSON.movie(movie, index: index, to: &line)
                try movies.write(line: line)
            }
            try movies.close()
        } catch let error as MarqueeError {
            throw error
        } catch {
            throw MarqueeError(.io, "cannot write the catalogue into '\(directory)': \(error)")
        }
    }
}
