import MarqueeCore

/// Settings of the client of the service's user/movie API (SPEC.md §2).
public struct CatalogueAPIConfiguration: Sendable {
    /// The API's base URL, e.g. `http://catalogue:8080`; `/user/<ids>` and `/movie/<ids>` are appended.
    public var baseURL: String
    /// Ids per bulk request (the API takes at most 200).
    public var bulkSize: Int
    /// Requests in flight at once, to stay within the API's rate limit.
    public var maximumConcurrentRequests: Int
    /// How long one request may take, connecting and reading the whole answer included.
    public var requestTimeout: Duration
    /// Attempts per request, the first included, when the API answers 429 or 5xx or cannot be reached.
    public var maximumAttempts: Int
    /// The wait before the first retry; it doubles for each further one.
    public var initialBackoff: Duration
    /// The longest wait between attempts, a `Retry-After` included.
    public var maximumBackoff: Duration
    /// The keys under which user records carry self-descriptions (the service's, see ``ServiceConfiguration``).
    public var selfDescriptionFields: SelfDescriptionFields

    /// `baseURL` without its trailing `/`, as requests append `/user/…` to it.
    public static func withoutTrailingSlash(_ baseURL: String) -> String {
        baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
    }

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - baseURL: the API's base URL, e.g. `http://catalogue:8080`.
    ///   - bulkSize: ids per request, clamped to 1...200.
    ///   - maximumConcurrentRequests: requests in flight at once (at least 1).
    ///   - requestTimeout: the deadline of one request.
    ///   - maximumAttempts: attempts per request (at least 1).
    ///   - initialBackoff: the first wait between attempts, doubled each time.
    ///   - maximumBackoff: the cap on any wait, `Retry-After` included.
    ///   - selfDescriptionFields: the keys of users' self-descriptions in the API's records.
    public init(
        baseURL: String, bulkSize: Int = 200, maximumConcurrentRequests: Int = 4, requestTimeout: Duration = .seconds(10),
        maximumAttempts: Int = 5, initialBackoff: Duration = .milliseconds(500), maximumBackoff: Duration = .seconds(30),
        selfDescriptionFields: SelfDescriptionFields = .init()
    ) {
        self.selfDescriptionFields = selfDescriptionFields
        self.baseURL = Self.withoutTrailingSlash(baseURL)
        self.bulkSize = min(max(1, bulkSize), 200)
        self.maximumConcurrentRequests = max(1, maximumConcurrentRequests)
        self.requestTimeout = requestTimeout
        self.maximumAttempts = max(1, maximumAttempts)
        self.initialBackoff = initialBackoff
        self.maximumBackoff = maximumBackoff
    }
}

extension CatalogueAPIConfiguration {
    /// The client settings of a service configuration's API (its address, bulk size and requests at once), or `nil`
    /// when the configuration names no API.
    public init?(service: ServiceConfiguration) {
        guard let api = service.catalogueAPI else { return nil }
        self.init(
            baseURL: api.url, bulkSize: api.bulkSize, maximumConcurrentRequests: api.maximumConcurrentRequests,
            selfDescriptionFields: service.selfDescriptionFields)
    }
}
