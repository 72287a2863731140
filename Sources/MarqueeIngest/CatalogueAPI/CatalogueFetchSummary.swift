/// What completing the catalogue from the user/movie API did.
public struct CatalogueFetchSummary: Hashable, Sendable {
    /// What one endpoint (`/user` or `/movie`) answered.
    public struct Endpoint: Hashable, Sendable {
        /// Records fetched and stored.
        public var fetched = 0
        /// Ids the API did not know (an error object or a 404 in their place, or left out of a bulk answer).
        public var unknown = 0
        /// Entries that were neither a record nor an error object (a missing id, a field of the wrong kind).
        public var badRecords = 0
        /// Requests that failed after their retries (their ids stay missing until the next run).
        public var failedRequests = 0
        /// Retries of requests, after 429, 5xx, timeouts or failed connections.
        public var retries = 0
        /// The first reasons for bad records and failed requests, for the report.
        public var problems: [String] = []

        /// The most problems listed; the rest are only counted.
        public static let maximumListedProblems = 10

        /// Creates an empty summary.
        public init() {}

        mutating func record<Record>(_ outcome: CatalogueAPIClient.Outcome<Record>) {
            retries += outcome.retries
            guard let answer = outcome.answer else {
                failedRequests += 1
                note(outcome.failure ?? "request failed")
                return
            }
            fetched += answer.records.count
            badRecords += answer.badRecords.count
            // Ids neither answered with a record nor named unknown were left out of the answer: unknown too.
            unknown += max(answer.unknown, outcome.requested - answer.records.count - answer.badRecords.count)
            for reason in answer.badRecords { note("bad record: \(reason)") }
        }

        private mutating func note(_ problem: String) {
            if problems.count < Self.maximumListedProblems { problems.append(problem) }
        }
    }

    /// Users the store's events named without a record, before fetching.
    public var missingUsers: Int
    /// Movies the store's events named without a record, before fetching.
    public var missingMovies: Int
    /// What `/user` answered.
    public var users = Endpoint()
    /// What `/movie` answered.
    public var movies = Endpoint()

    /// Creates a summary.
    public init(missingUsers: Int = 0, missingMovies: Int = 0) {
        self.missingUsers = missingUsers
        self.missingMovies = missingMovies
    }
}
