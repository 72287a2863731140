import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// Helpers for tests that talk to a `marquee serve` process.
enum ServerProcess {
    /// Reads standard error of `process` until a `server.port=N` log entry appears.
    static func boundPort(of pipe: Pipe, timeout: TimeInterval = 60) -> Int? {
        var text = ""
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let data = pipe.fileHandleForReading.availableData
            if data.isEmpty { return nil }
            text += String(decoding: data, as: UTF8.self)
            if let range = text.range(of: #"server.port=(\d+)"#, options: .regularExpression) {
                return Int(text[range].dropFirst("server.port=".count))
            }
        }
        return nil
    }

    static func get(_ url: String) async throws -> (Int, String) {
        let (data, response) = try await URLSession.shared.data(from: try #require(URL(string: url)))
        return ((response as? HTTPURLResponse)?.statusCode ?? -1, String(decoding: data, as: UTF8.self))
    }
}
