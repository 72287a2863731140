import MarqueeCore
import MarqueeModels
import MarqueeStore

/// The stated tastes of the store's users who described themselves at sign-up, matched against the store's
/// catalogue once and kept up to date cheaply: an update rematches only users whose answers changed (all of them
/// when the catalogue did), so refreshing it after every ingest costs little.
public struct StatedTasteIndex: Sendable {
    /// The stated taste of every user whose answers name at least one catalogue movie.
    public private(set) var tastes: [UserID: StatedTaste] = [:]
    private var answers: [UserID: [String?]] = [:]
    private var matcher: TitleMatcher?
    private var catalogue: Set<MovieID> = []

    /// An empty index.
    public init() {}

    /// Brings the index up to date with `store`'s user and movie records.
    /// - Throws: ``StoreError`` when the store cannot be read.
    public mutating func update(from store: any EventStore) async throws(StoreError) {
        update(users: try await store.users(), movies: try await store.movies())
    }

    /// Brings the index up to date with `users` and `movies`.
    public mutating func update(users: [User], movies: [Movie]) {
        let ids = Set(movies.map(\.id))
        if matcher == nil || ids != catalogue {
            matcher = TitleMatcher(movies: movies)
            catalogue = ids
            answers = [:]
            tastes = [:]
        }
        guard let matcher else { return }
        for user in users {
            let given = [user.likes, user.dislikes]
            guard answers[user.id] != given else { continue }
            answers[user.id] = given
            let taste = StatedTaste(user: user, matcher: matcher)
            tastes[user.id] = taste.isEmpty ? nil : taste
        }
    }
}
