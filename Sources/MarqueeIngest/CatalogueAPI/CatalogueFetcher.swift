import MarqueeCore
import MarqueeStore

/// Completes the store's catalogue from the service's user/movie API: fetches the users and movies that stored
/// events name but that have no record yet, in bulk requests with a bounded number in flight, and upserts them.
public struct CatalogueFetcher: Sendable {
    /// Where the gaps are found and the records go.
    public let store: any EventStore
    /// The API client.
    public let client: CatalogueAPIClient

    /// Creates a fetcher.
    public init(store: any EventStore, client: CatalogueAPIClient) {
        self.store = store
        self.client = client
    }

    /// Fetches and stores every missing user and movie record.
    ///
    /// A request that fails after its retries is counted and reported, and the rest go on; running again fetches
    /// what is still missing.
    /// - Throws: ``StoreError`` when the store cannot be read or written; records stored before remain stored.
    public func fetchMissing() async throws(StoreError) -> CatalogueFetchSummary {
        let gaps = try await store.catalogueGaps()
        var summary = CatalogueFetchSummary(missingUsers: gaps.users.count, missingMovies: gaps.movies.count)
        summary.users = try await fetch(gaps.users.map { String($0.rawValue) }, from: "user", as: User.self) {
            users throws(StoreError) in try await store.upsert(users: users)
        }
        summary.movies = try await fetch(gaps.movies.map(\.slug), from: "movie", as: Movie.self) {
            movies throws(StoreError) in try await store.upsert(movies: movies)
        }
        return summary
    }

    /// Requests `ids` in chunks of the bulk size, at most the configured number at once, and upserts each answer's
    /// records as it arrives.
    private func fetch<Record: Decodable & Sendable>(
        _ ids: [String], from endpoint: String, as type: Record.Type, upsert: ([Record]) async throws(StoreError) -> Void
    ) async throws(StoreError) -> CatalogueFetchSummary.Endpoint {
        let configuration = client.configuration
        let chunks = stride(from: 0, to: ids.count, by: configuration.bulkSize).map { Array(ids[$0..<min($0 + configuration.bulkSize, ids.count)]) }
        var summary = CatalogueFetchSummary.Endpoint()
        let client = client
        let result = await withTaskGroup(of: CatalogueAPIClient.Outcome<Record>.self, returning: Result<Void, StoreError>.self) { group in
            var next = 0
            func startNext() {
                guard next < chunks.count else { return }
                let chunk = chunks[next]
                next += 1
                group.addTask { await client.fetch(chunk, from: endpoint, as: type) }
            }
            for _ in 0..<configuration.maximumConcurrentRequests { startNext() }
            while let outcome = await group.next() {
                startNext()
                do throws(StoreError) {
                    try await upsert(outcome.answer?.records ?? [])
                } catch {
                    group.cancelAll()
                    return .failure(error)
                }
                summary.record(outcome)
            }
            return .success(())
        }
        try result.get()
        return summary
    }
}
