/// Settings of `/recommend/<user>/explain`. The explanation reveals what a user watched, their demographic group and
/// what they said they like (SPEC.md §4: never public), so the route is for operators only: it needs the bearer token
/// (the same as the admin API's), is rate-limited per client whatever the server's general limit, and the shipped
/// nginx does not proxy it (docs/responsible-ai.md, "Privacy").
public struct ExplainConfiguration: Sendable {
    /// The bearer token explain requests must carry; `nil` disables the route (404).
    public var token: String?
    /// The per-client limit of explain requests, which applies even when the server's general limit is off.
    public var rateLimit: RateLimitConfiguration

    /// Creates a configuration; an empty token counts as none. The default limit, 10 requests/s with bursts of 20,
    /// is plenty for an operator and slows enumerating users (ids are sequential).
    public init(token: String? = nil, rateLimit: RateLimitConfiguration = RateLimitConfiguration(requestsPerSecond: 10, burst: 20)) {
        self.token = token.flatMap { $0.isEmpty ? nil : $0 }
        self.rateLimit = rateLimit
    }
}
