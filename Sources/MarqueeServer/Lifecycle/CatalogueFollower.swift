import Logging
import MarqueeIngest
import ServiceLifecycle

/// Completes the store's catalogue while `marquee run` follows the log: every ``interval`` it fetches, from the
/// service's user/movie API, the records of the users and movies that stored events name without one (a
/// `create_account` line announces a user; a watch can name a new movie), with the client's bounded requests in flight
/// and retries (``CatalogueFetcher``). The served stated tastes are re-read from the store, so a new user's
/// self-description reaches the warm start at the next refresh.
public struct CatalogueFollower: Service {
    let fetcher: CatalogueFetcher
    /// Time between fetches.
    public let interval: Duration
    let logger: Logger

    /// Creates a follower that fetches with `fetcher` every `interval`.
    public init(fetcher: CatalogueFetcher, interval: Duration = .seconds(30), logger: Logger) {
        self.fetcher = fetcher
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        await repeatUntilShutdown(every: interval) { await step() }
    }

    /// One fetch of whatever is missing; `nil` when the store failed (logged; the next step tries again).
    @discardableResult
    public func step() async -> CatalogueFetchSummary? {
        do {
            let summary = try await fetcher.fetchMissing()
            let failed = summary.users.failedRequests + summary.movies.failedRequests
            if summary.missingUsers + summary.missingMovies > 0 {
                logger.log(
                    level: failed > 0 ? .warning : .notice, "Fetched missing catalogue records",
                    metadata: [
                        "users.fetched": "\(summary.users.fetched)", "users.unknown": "\(summary.users.unknown)",
                        "movies.fetched": "\(summary.movies.fetched)", "movies.unknown": "\(summary.movies.unknown)",
                        "requests.failed": "\(failed)",
                    ])
            }
            return summary
        } catch {
            logger.error("Could not complete the catalogue; the next look tries again", metadata: ["error": "\(error)"])
            return nil
        }
    }
}
