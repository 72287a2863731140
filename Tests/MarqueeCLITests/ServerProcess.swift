import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

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

    /// The token tests start servers with (`--admin-token`), for `/admin/` and `/recommend/<user>/explain`.
    static let adminToken = "cli-test-token-of-at-least-32-bytes"

    /// GETs `url`, with `Authorization: Bearer <token>` when `token` is given.
    static func get(_ url: String, token: String? = nil) async throws -> (Int, String) {
        var request = URLRequest(url: try #require(URL(string: url)))
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? -1, String(decoding: data, as: UTF8.self))
    }

    /// GETs `/recommend/<user>/explain` from the server on `port` with the tests' token.
    static func explain(user: Int, port: Int) async throws -> (Int, String) {
        try await get("http://127.0.0.1:\(port)/recommend/\(user)/explain", token: adminToken)
    }
}
