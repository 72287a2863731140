import HTTPTypes
import Hummingbird
import MarqueeCore

/// Settings of per-client rate limiting: a token bucket per client address.
public struct RateLimitConfiguration: Sendable {
    /// Requests per second a client may sustain; 0 disables rate limiting.
    public var requestsPerSecond: Double
    /// Requests a client may send at once after being idle.
    public var burst: Double
    /// The proxies whose `X-Forwarded-For` names the client; from any other peer the peer itself is the client.
    public var trustedProxies: TrustedProxies
    /// The most clients whose buckets are kept; beyond it the least recently seen client's bucket is dropped.
    public var maximumClients: Int

    /// Creates a configuration.
    ///
    /// The default rate is above what one replica can answer (about 34,000 requests/s from precomputed lists in
    /// bench/RESULTS.md), because the streaming service is one client sending every user's requests: the limit must
    /// never throttle it, only make a runaway client's excess cheap 429s. The default trusted proxies are the loopback
    /// addresses, so an nginx on the same host is never limited as one client: its requests count against the
    /// addresses it forwards for.
    public init(
        requestsPerSecond: Double = 50_000, burst: Double = 100_000, trustedProxies: TrustedProxies = .loopback, maximumClients: Int = 100_000
    ) {
        self.requestsPerSecond = max(0, requestsPerSecond)
        self.burst = max(1, burst)
        self.trustedProxies = trustedProxies
        self.maximumClients = max(1, maximumClients)
    }

    /// The address `request` counts against: see ``TrustedProxies``.
    func client(peer: String?, headers: HTTPFields) -> String {
        guard let name = HTTPField.Name.forwardedFor else { return peer ?? "unknown" }
        return trustedProxies.client(peer: peer, forwardedFor: headers[values: name])
    }
}

extension HTTPField.Name {
    /// `X-Forwarded-For`, which reverse proxies append the address they received a request from to.
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")
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
        let client = configuration.client(peer: context.remoteAddress?.ipAddress, headers: request.headers)
        guard buckets.take(for: client) else {
            var response = Response.plainText(
                "too many requests from \(client): the limit is \(Int(configuration.requestsPerSecond))/s", status: .tooManyRequests)
            response.headers[.retryAfter] = "1"
            return response
        }
        return try await next(request, context)
    }
}
