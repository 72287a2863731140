import AsyncHTTPClient
import MarqueeCore
import MarqueeSimulator
import NIOCore
import NIOHTTP1

/// Calls a recommendation server's `GET /recommend/<user>` over HTTP, the way the streaming service does.
///
/// The deadline is enforced here; the simulator then applies the service's rules to the answer
/// (slow, not 200 or malformed answers are logged as failures with status 0).
public struct HTTPRecommendationProvider: RecommendationProvider {
    /// `host:port` of the server, as written into the log.
    public let server: String
    /// The longest the caller waits (SPEC: 800 ms, newer variant 600 ms).
    public let timeout: Duration
    private let client: HTTPClient

    /// Creates a provider for `http://<server>`.
    public init(server: String, timeout: Duration = .milliseconds(800), client: HTTPClient = .shared) {
        self.server = server
        self.timeout = timeout
        self.client = client
    }

    public func recommendations(for user: UserID) async -> RecommendationResponse {
        let clock = ContinuousClock()
        let start = clock.now
        func elapsed() -> Int { Int((clock.now - start).wholeMilliseconds) }
        let request = HTTPClientRequest(url: "http://\(server)/recommend/\(user.rawValue)")
        do {
            let response = try await client.execute(request, timeout: .milliseconds(timeout.wholeMilliseconds))
            let body = try await response.body.collect(upTo: 64 * 1024)
            return RecommendationResponse(status: Int(response.status.code), text: String(buffer: body), latencyMilliseconds: elapsed())
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            return .failure(
                "java.util.concurrent.TimeoutException: Request timeout to \(server) after \(timeout.wholeMilliseconds) ms",
                latencyMilliseconds: elapsed())
        } catch {
            return .failure("java.net.ConnectException: Connection refused: \(server)", latencyMilliseconds: elapsed())
        }
    }
}
