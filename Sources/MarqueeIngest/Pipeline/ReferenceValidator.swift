import MarqueeCore
import MarqueeStore

/// Checks that events name users and movies of the catalogue.
///
/// An `accountCreated` event introduces its user: later events of that user pass. Recommendation request lines
/// are not checked (neither their user nor their result items): they are telemetry about Marquee's own answers.
struct ReferenceValidator {
    private let movies: Set<MovieID>?
    private var users: Set<UserID>?

    /// A validator that checks `movies` and `users` when they are not `nil`.
    init(movies: Set<MovieID>? = nil, users: Set<UserID>? = nil) {
        self.movies = movies
        self.users = users
    }

    /// A validator over the store's catalogue, according to `validation`.
    init(store: any EventStore, validation: IngestConfiguration.ReferenceValidation) async throws(StoreError) {
        switch validation {
        case .never:
            self.init()
        case .always:
            self.init(movies: try await store.movieIDs(), users: try await store.userIDs())
        default:
            let movies = try await store.movieIDs()
            let users = try await store.userIDs()
            self.init(movies: movies.isEmpty ? nil : movies, users: users.isEmpty ? nil : users)
        }
    }

    /// Whether the validator checks anything at all.
    var isActive: Bool { movies != nil || users != nil }

    /// Checks an event; returns why it is rejected, or `nil` when it passes.
    mutating func check(_ event: Event) -> LineRejection? {
        switch event.kind {
        case .accountCreated:
            users?.insert(event.user)
            return nil
        case .recommendation:
            return nil
        case .watch(let movie, _), .rate(let movie, _):
            if let users, !users.contains(event.user) {
                return LineRejection(.unknownUser, "user \(event.user) is not in the catalogue and created no account")
            }
            if let movies, !movies.contains(movie) {
                return LineRejection(.unknownMovie, "movie '\(movie)' is not in the catalogue")
            }
            return nil
        }
    }
}
