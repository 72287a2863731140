import MarqueeCore

/// Where the simulated service gets recommendations: our recommendation API over HTTP, an in-process
/// model, or nothing at all during a warm-up period.
///
/// Implementations are called concurrently (up to ``SimulatorConfiguration/maximumConcurrentRequests``)
/// and must measure their own latency. The simulator applies the service's rules to the answer:
/// slower than the timeout, not 200, or malformed (an item that is not a slug, more than 20 items)
/// is logged as a failure with status 0.
public protocol RecommendationProvider: Sendable {
    /// Asks for recommendations for `user`.
    func recommendations(for user: UserID) async -> RecommendationResponse

    /// Whether the service asks this provider at all; when `false` no recommendation line is logged
    /// and users only browse. Defaults to `true`.
    var makesRequests: Bool { get }
}

extension RecommendationProvider {
    /// Providers make requests unless they say otherwise.
    public var makesRequests: Bool { true }
}

/// What a recommendation call returned, as the service saw it.
public struct RecommendationResponse: Hashable, Sendable {
    /// What came back.
    public enum Body: Hashable, Sendable {
        /// The items of the answer, unvalidated: whatever was between the commas, trimmed.
        case items([String])
        /// The call failed (timeout, refused, reset): the error text the service logs.
        case error(String)
    }

    /// The HTTP status, or 0 when there was no answer.
    public var status: Int
    /// The answer or the error.
    public var body: Body
    /// How long the call took, in milliseconds.
    public var latencyMilliseconds: Int

    /// Creates a response.
    public init(status: Int, body: Body, latencyMilliseconds: Int) {
        self.status = status
        self.body = body
        self.latencyMilliseconds = max(0, latencyMilliseconds)
    }

    /// A response from a raw HTTP answer: the body is split at commas as the service does.
    public init(status: Int, text: String, latencyMilliseconds: Int) {
        let trimmed = text.trimmingCharacters(in: [" ", "\n", "\r", "\t"])
        let items =
            trimmed.isEmpty
            ? []
            : trimmed.split(separator: ",", omittingEmptySubsequences: false).map {
                String($0).trimmingCharacters(in: [" ", "\t"])
            }
        self.init(status: status, body: .items(items), latencyMilliseconds: latencyMilliseconds)
    }

    /// A successful answer listing `movies`.
    public static func movies(_ movies: [MovieID], latencyMilliseconds: Int) -> RecommendationResponse {
        RecommendationResponse(status: 200, body: .items(movies.map(\.slug)), latencyMilliseconds: latencyMilliseconds)
    }

    /// A failed call with an error text such as `java.net.ConnectException: Connection refused`.
    public static func failure(_ error: String, latencyMilliseconds: Int) -> RecommendationResponse {
        RecommendationResponse(status: 0, body: .error(error), latencyMilliseconds: latencyMilliseconds)
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Set<Character>) -> String {
        guard let start = firstIndex(where: { !set.contains($0) }), let end = lastIndex(where: { !set.contains($0) }) else { return "" }
        return String(self[start...end])
    }
}
