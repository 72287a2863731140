import Synchronization

/// An in-memory map from movie slugs to the integer keys of the `movies` table, so the hot path of storing a batch
/// does not query the database for every event. Both stores use it.
///
/// The map only ever holds keys of committed rows: writers add the keys they created after their
/// transaction committed, so a rolled-back batch cannot leave a dangling key.
final class MovieKeyCache: Sendable {
    private let keys: Mutex<[String: Int64]>

    init() {
        keys = Mutex([:])
    }

    /// The current map; a copy-on-write snapshot, cheap to take.
    var snapshot: [String: Int64] {
        keys.withLock { $0 }
    }

    /// Adds committed keys.
    func merge(_ newKeys: [String: Int64]) {
        guard !newKeys.isEmpty else { return }
        keys.withLock { keys in keys.merge(newKeys) { _, new in new } }
    }

    /// Replaces the map, e.g. with every slug of the `movies` table when a store opens.
    func replace(with loaded: [String: Int64]) {
        keys.withLock { $0 = loaded }
    }
}
