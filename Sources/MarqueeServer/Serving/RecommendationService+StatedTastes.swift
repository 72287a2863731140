import MarqueeLifecycle
import MarqueeStore

extension RecommendationService {
    /// Brings `index` up to date with `store`'s user records and catalogue, and serves its stated tastes from now on:
    /// title matching happens here, off the request path.
    /// - Throws: ``StoreError`` when the store cannot be read; the tastes served before stay.
    public func refreshStatedTastes(_ index: inout StatedTasteIndex, from store: any EventStore) async throws(StoreError) {
        try await index.update(from: store)
        updateStatedTastes(index.tastes)
    }
}
