import Hummingbird
import MarqueeCore
import Synchronization

/// Settings of per-client rate limiting: a token bucket per client address.
public struct RateLimitConfiguration: Sendable {
    /// Requests per second a client may sustain; 0 disables rate limiting.
    public var requestsPerSecond: Double
    /// Requests a client may send at once after being idle.
    public var burst: Double

    /// Creates a configuration. The default is generous: the streaming service is one client sending every user's requests.
    public init(requestsPerSecond: Double = 5_000, burst: Double = 10_000) {
        self.requestsPerSecond = max(0, requestsPerSecond)
        self.burst = max(1, burst)
    }
}

/// Answers 429 to a client that exceeds its rate; health, readiness and metrics are never limited.
struct RateLimitMiddleware<Context: RemoteAddressRequestContext>: RouterMiddleware {
    let configuration: RateLimitConfiguration
    private let buckets: TokenBuckets

    /// - Parameter buckets: the clients' buckets, when they are shared with ``PrecomputedAnswerHandler``.
    init(configuration: RateLimitConfiguration, buckets: TokenBuckets? = nil) {
        self.configuration = configuration
        self.buckets = buckets ?? TokenBuckets(configuration: configuration)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard configuration.requestsPerSecond > 0, path != "/health", path != "/ready", path != "/metrics" else {
            return try await next(request, context)
        }
        let client = context.remoteAddress?.ipAddress ?? "unknown"
        guard buckets.take(for: client) else {
            var response = Response.plainText(
                "too many requests from \(client): the limit is \(Int(configuration.requestsPerSecond))/s", status: .tooManyRequests)
            response.headers[.retryAfter] = "1"
            return response
        }
        return try await next(request, context)
    }
}

/// One token bucket per client, refilled continuously.
final class TokenBuckets: Sendable {
    /// The most clients tracked; beyond it the table starts over (every client gets a full bucket).
    static let maximumClients = 100_000

    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    private let configuration: RateLimitConfiguration
    private let buckets = Mutex<[String: Bucket]>([:])
    private let clock = ContinuousClock()

    init(configuration: RateLimitConfiguration) {
        self.configuration = configuration
    }

    /// Takes one token from `client`'s bucket; `false` when it is empty.
    func take(for client: String) -> Bool {
        let now = clock.now
        return buckets.withLock { buckets in
            if buckets.count >= Self.maximumClients, buckets[client] == nil { buckets.removeAll(keepingCapacity: true) }
            var bucket = buckets[client] ?? Bucket(tokens: configuration.burst, updated: now)
            let elapsed = now - bucket.updated
            bucket.tokens = min(configuration.burst, bucket.tokens + elapsed.inSeconds * configuration.requestsPerSecond)
            bucket.updated = now
            let allowed = bucket.tokens >= 1
            if allowed { bucket.tokens -= 1 }
            buckets[client] = bucket
            return allowed
        }
    }
}
