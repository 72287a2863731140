/// Everything that differs between the variants of the streaming service Marquee is pointed at (SPEC.md): the rating
/// scale of its log, how long it waits for a recommendation, the JSON keys of its users' self-descriptions, and its
/// user/movie API.
///
/// The defaults are the older variant, which is what Marquee assumed before the configuration existed: ratings 1–5,
/// 800 ms, `likes`/`dislikes`, no API. A configuration is read from a JSON file (see ``init(json:source:)``) and
/// recorded in the store when the store is first configured, so that every command and process using the store agrees.
public struct ServiceConfiguration: Hashable, Sendable {
    /// The ratings the service's log may carry: 1–5 (older variant) or 1–10 (newer variant).
    public var ratingScale: RatingScale
    /// How long the service waits for `/recommend/<user>` before it counts the call as failed: 800 ms (older variant) or
    /// 600 ms (newer variant).
    public var requestBudget: Duration
    /// The keys of the free-text answers in the user API's records (newer variant; undocumented by the service).
    public var selfDescriptionFields: SelfDescriptionFields
    /// The service's user/movie API, when it has one Marquee should fetch records from.
    public var catalogueAPI: CatalogueAPISettings?

    /// Creates a configuration; the defaults are the older variant.
    public init(
        ratingScale: RatingScale = .fiveStars, requestBudget: Duration = .milliseconds(800),
        selfDescriptionFields: SelfDescriptionFields = .init(), catalogueAPI: CatalogueAPISettings? = nil
    ) {
        self.ratingScale = ratingScale
        self.requestBudget = requestBudget
        self.selfDescriptionFields = selfDescriptionFields
        self.catalogueAPI = catalogueAPI
    }

    /// The older variant of the service: ratings 1–5, 800 ms, `likes`/`dislikes` (what Marquee does when nothing is configured).
    public static let older = ServiceConfiguration()

    /// The newer variant's documented settings: ratings 1–10, 600 ms; its self-description keys still need configuring.
    public static let newer = ServiceConfiguration(ratingScale: .tenPoints, requestBudget: .milliseconds(600))

    /// The request budget in whole milliseconds.
    public var requestBudgetMilliseconds: Int {
        Int(requestBudget.components.seconds * 1_000 + requestBudget.components.attoseconds / 1_000_000_000_000_000)
    }

    /// How long a model may compute an answer before the precomputed fallback list answers instead: 3/8 of the budget
    /// (300 ms of 800, 225 ms of 600), so that a proxy can still retry a stuck replica within the budget
    /// (deploy/nginx/render.awk derives its timeouts the same way).
    public var modelDeadline: Duration {
        requestBudget * 3 / 8
    }
}

/// The JSON keys under which the user API writes a user's answers to "What movies do you like" and "do not like".
public struct SelfDescriptionFields: Hashable, Sendable {
    /// The key of the "movies I like" answer; `likes` unless configured.
    public var likes: String
    /// The key of the "movies I do not like" answer; `dislikes` unless configured.
    public var dislikes: String

    /// Creates the field names; the defaults are Marquee's guess, `likes` and `dislikes`.
    public init(likes: String = "likes", dislikes: String = "dislikes") {
        self.likes = likes
        self.dislikes = dislikes
    }
}

/// Where the service's user/movie API is and how hard Marquee may use it.
public struct CatalogueAPISettings: Hashable, Sendable {
    /// The API's base URL, e.g. `http://catalogue:8080`.
    public var url: String
    /// Requests in flight at once: the API's rate limit as Marquee's client keeps it.
    public var maximumConcurrentRequests: Int
    /// Ids per bulk request (the API takes at most 200).
    public var bulkSize: Int

    /// Creates the settings; 4 requests at once of 200 ids each unless told otherwise.
    public init(url: String, maximumConcurrentRequests: Int = 4, bulkSize: Int = 200) {
        self.url = url
        self.maximumConcurrentRequests = maximumConcurrentRequests
        self.bulkSize = bulkSize
    }
}
