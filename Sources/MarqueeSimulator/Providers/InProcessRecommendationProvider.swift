import MarqueeCore

/// A provider that calls a closure in-process, e.g. a model under test, with a fixed simulated latency.
public struct InProcessRecommendationProvider: RecommendationProvider {
    private let respond: @Sendable (UserID) async -> RecommendationResponse

    /// A provider whose closure gives the full response (status, items or error, latency).
    public init(_ respond: @escaping @Sendable (UserID) async -> RecommendationResponse) {
        self.respond = respond
    }

    /// A provider whose closure lists movies; every answer is a 200 taking `latencyMilliseconds`.
    public init(latencyMilliseconds: Int = 20, movies: @escaping @Sendable (UserID) async -> [MovieID]) {
        respond = { user in .movies(await movies(user), latencyMilliseconds: latencyMilliseconds) }
    }

    public func recommendations(for user: UserID) async -> RecommendationResponse {
        await respond(user)
    }
}

/// The provider of a warm-up period: the service does not ask anyone, logs no recommendation
/// line, and users find movies by browsing alone.
public struct NoRecommendations: RecommendationProvider {
    /// Creates the provider.
    public init() {}

    public var makesRequests: Bool { false }

    public func recommendations(for user: UserID) async -> RecommendationResponse {
        .movies([], latencyMilliseconds: 0)
    }
}

/// A provider that always fails the way an unreachable server does, e.g. to test availability monitoring.
public struct FailingRecommendations: RecommendationProvider {
    private let error: String
    private let latencyMilliseconds: Int

    /// A provider failing with `error` after `latencyMilliseconds`.
    public init(error: String = "java.net.ConnectException: Connection refused", latencyMilliseconds: Int = 3) {
        self.error = error
        self.latencyMilliseconds = latencyMilliseconds
    }

    public func recommendations(for user: UserID) async -> RecommendationResponse {
        .failure(error, latencyMilliseconds: latencyMilliseconds)
    }
}
