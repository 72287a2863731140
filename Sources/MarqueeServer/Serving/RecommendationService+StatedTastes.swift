import MarqueeCore
import MarqueeLifecycle
import MarqueeStore

extension RecommendationService {
    /// Brings `index` up to date with `store`'s user records and catalogue, and serves its stated tastes from now on:
    /// title matching happens here, off the request path. The same records give the ``AgeRestriction`` every answer
    /// obeys from now on (read once for both).
    /// - Throws: ``StoreError`` when the store cannot be read; the tastes and the restriction served before stay.
    public func refreshStatedTastes(_ index: inout StatedTasteIndex, from store: any EventStore) async throws(StoreError) {
        let users = try await store.users()
        let movies = try await store.movies()
        index.update(users: users, movies: movies)
        updateStatedTastes(index.tastes)
        updateAgeRestriction(AgeRestriction(users: users, movies: movies))
    }
}
