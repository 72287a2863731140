import AsyncHTTPClient
import Foundation
import MarqueeCore
import NIOCore
import NIOHTTP1

/// Calls a recommendation server's `GET /recommend/<user>` the way the streaming service does:
/// with a deadline, and counting anything slow, malformed or not 200 as a failure (status 0).
public struct RecommendationHTTPClient: Sendable {
    /// The outcome of one call, as the service logs it.
    public struct Outcome: Sendable, Hashable {
        /// 200 on success, 0 on any failure.
        public var status: Int
        /// The movies on success, or the error text.
        public var result: RecommendationResult
        /// Wall time the call took, in milliseconds.
        public var milliseconds: Int
    }

    /// `host:port` of the server, as written into the log.
    public let server: String
    /// The longest the caller waits (SPEC: 800 ms, newer variant 600 ms).
    public let timeout: Duration
    private let client: HTTPClient

    /// Creates a client for `http://<server>`.
    public init(server: String, timeout: Duration = .milliseconds(800), client: HTTPClient = .shared) {
        self.server = server
        self.timeout = timeout
        self.client = client
    }

    /// Asks the server for `user`'s recommendations; never throws, failures are outcomes with status 0.
    public func recommendations(for user: UserID) async -> Outcome {
        let clock = ContinuousClock()
        let start = clock.now
        func elapsed() -> Int {
            let duration = clock.now - start
            return Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
        }
        let timeoutMilliseconds = Int(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        do {
            let request = HTTPClientRequest(url: "http://\(server)/recommend/\(user.rawValue)")
            let response = try await client.execute(request, timeout: .milliseconds(Int64(timeoutMilliseconds)))
            let body = try await response.body.collect(upTo: 64 * 1024)
            let milliseconds = elapsed()
            guard response.status.code == 200 else {
                return Outcome(status: 0, result: .error("HTTP status \(response.status.code) from \(server)"), milliseconds: milliseconds)
            }
            guard milliseconds <= timeoutMilliseconds else {
                return Outcome(status: 0, result: .error(Self.timeoutText(server, timeoutMilliseconds)), milliseconds: milliseconds)
            }
            guard let movies = Self.parse(String(buffer: body)) else {
                return Outcome(status: 0, result: .error("malformed recommendation list from \(server)"), milliseconds: milliseconds)
            }
            return Outcome(status: 200, result: .movies(movies), milliseconds: milliseconds)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            return Outcome(status: 0, result: .error(Self.timeoutText(server, timeoutMilliseconds)), milliseconds: elapsed())
        } catch {
            return Outcome(status: 0, result: .error("java.net.ConnectException: Connection refused: \(server)"), milliseconds: elapsed())
        }
    }

    static func timeoutText(_ server: String, _ milliseconds: Int) -> String {
        "java.util.concurrent.TimeoutException: Request timeout to \(server) after \(milliseconds) ms"
    }

    /// The movie list of a `/recommend` body: up to 20 distinct slugs separated by commas, or `nil` when malformed.
    static func parse(_ body: String) -> [MovieID]? {
        let trimmed = body.hasSuffix("\n") ? String(body.dropLast()) : body
        if trimmed.isEmpty { return [] }
        let items = trimmed.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let movies = items.compactMap(MovieID.init)
        guard movies.count == items.count, movies.count <= 20, Set(movies).count == movies.count else { return nil }
        return movies
    }
}
