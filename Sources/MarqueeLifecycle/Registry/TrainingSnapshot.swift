import Crypto
import Foundation
import MarqueeCore
import MarqueeEvaluation
import MarqueeStore

/// A registered snapshot of training data: its record in the registry and the data it defines.
public struct TrainingSnapshot: Sendable {
    /// The registry's record: id, bounds, range, rows, content hash.
    public let record: SnapshotRecord
    /// The interactions with their times, and the catalogue's runtimes, demographics and genres.
    public let data: EvaluationData

    /// Takes a snapshot of everything `store` holds now and registers it.
    /// - Parameter now: the wall time, for the record and the id.
    public static func take(from store: any EventStore & RegistryStore, now: WallTime) async throws(StoreError) -> TrainingSnapshot {
        let bounds = try await store.currentSnapshotBounds()
        let interactions = try await store.interactions(within: bounds)
        let data = try await TrainingDataLoader(store: store).evaluationData(of: interactions, includingImpressions: true)
        let hash = contentHash(of: interactions, catalogue: data)
        let day = now.iso8601.prefix(10).replacingOccurrences(of: "-", with: "")
        let record = SnapshotRecord(
            id: "s-\(day)-\(hash.prefix(12))", createdAt: now, bounds: bounds,
            eventTimeFrom: interactions.map(\.lastTime).min(), eventTimeLast: interactions.map(\.lastTime).max(), rows: interactions.count,
            contentHash: hash, sourceOffsets: try await store.sourceOffsets())
        try await store.register(snapshot: record)
        return TrainingSnapshot(record: record, data: data)
    }

    /// Rebuilds the registered snapshot `id` from its definition and checks its content hash.
    /// - Throws: `StoreError.notFound` for an unknown id; `.corrupt` when the events or the catalogue no longer give the
    ///   same content (training also reads the catalogue: runtimes, demographics and genres).
    public static func reproduce(_ id: String, from store: any EventStore & RegistryStore) async throws(StoreError) -> TrainingSnapshot {
        guard let record = try await store.snapshot(id: id) else {
            throw StoreError(.notFound, "snapshot \(id) is not registered; see `marquee registry list` for the snapshots models were trained on")
        }
        let interactions = try await store.interactions(within: record.bounds)
        let data = try await TrainingDataLoader(store: store).evaluationData(of: interactions, includingImpressions: true)
        let hash = contentHash(of: interactions, catalogue: data)
        guard hash == record.contentHash else {
            throw StoreError(
                .corrupt,
                "snapshot \(id) no longer reproduces: its events and catalogue hash to \(hash.prefix(12)), not \(record.contentHash.prefix(12)); events were removed or the catalogue changed"
            )
        }
        return TrainingSnapshot(record: record, data: data)
    }

    /// SHA-256 (hex) of what training reads: the interactions in canonical order (one `user movie minutes rating time`
    /// line each), then the catalogue's runtimes, genres and user demographics, each sorted.
    public static func contentHash(of interactions: [Interaction], catalogue: EvaluationData) -> String {
        var hasher = SHA256()
        func add(_ line: String) { hasher.update(data: Array(line.utf8)) }
        for interaction in interactions.sorted(by: { $0.user != $1.user ? $0.user < $1.user : $0.movie < $1.movie }) {
            let rating = interaction.latestRating.map(String.init) ?? "-"
            add(
                "\(interaction.user.rawValue)\t\(interaction.movie.slug)\t\(interaction.minutesWatched)\t\(rating)\t\(interaction.lastTime.microseconds)\n"
            )
        }
        for (movie, runtime) in catalogue.runtimes.sorted(by: { $0.key < $1.key }) { add("runtime\t\(movie.slug)\t\(runtime)\n") }
        for (movie, genres) in catalogue.genres.sorted(by: { $0.key < $1.key }) { add("genres\t\(movie.slug)\t\(genres.joined(separator: "|"))\n") }
        for (user, record) in catalogue.users.sorted(by: { $0.key < $1.key }) {
            add("user\t\(user.rawValue)\t\(record.age.map(String.init) ?? "-")\t\(record.gender ?? "-")\t\(record.occupation ?? "-")\n")
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
