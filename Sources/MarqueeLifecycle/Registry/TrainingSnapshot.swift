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
    /// - Parameter now: wall-clock microseconds since 1970, for the record and the id.
    public static func take(from store: any EventStore & RegistryStore, now: Int64) async throws(StoreError) -> TrainingSnapshot {
        let bounds = try await store.currentSnapshotBounds()
        let interactions = try await store.interactions(within: bounds)
        let hash = contentHash(of: interactions)
        let day = EventTime(microseconds: now).description.prefix(10).replacingOccurrences(of: "-", with: "")
        let record = SnapshotRecord(
            id: "s-\(day)-\(hash.prefix(12))", createdAt: now, bounds: bounds,
            eventTimeFrom: interactions.map(\.lastTime).min(), eventTimeLast: interactions.map(\.lastTime).max(), rows: interactions.count,
            contentHash: hash, sourceOffsets: try await store.sourceOffsets())
        try await store.register(snapshot: record)
        return TrainingSnapshot(record: record, data: try await TrainingDataLoader(store: store).evaluationData(of: interactions))
    }

    /// Rebuilds the registered snapshot `id` from its definition and checks its content hash.
    /// - Throws: `StoreError.notFound` for an unknown id; `.corrupt` when the events no longer give the same content.
    public static func reproduce(_ id: String, from store: any EventStore & RegistryStore) async throws(StoreError) -> TrainingSnapshot {
        guard let record = try await store.snapshot(id: id) else {
            throw StoreError(.notFound, "snapshot \(id) is not registered; see `marquee registry list` for the snapshots models were trained on")
        }
        let interactions = try await store.interactions(within: record.bounds)
        let hash = contentHash(of: interactions)
        guard hash == record.contentHash else {
            throw StoreError(
                .corrupt,
                "snapshot \(id) no longer reproduces: its events hash to \(hash.prefix(12)), not \(record.contentHash.prefix(12)); events were removed or changed")
        }
        return TrainingSnapshot(record: record, data: try await TrainingDataLoader(store: store).evaluationData(of: interactions))
    }

    /// SHA-256 (hex) of the interactions in their canonical order, one `user movie minutes rating time` line each.
    public static func contentHash(of interactions: [Interaction]) -> String {
        var hasher = SHA256()
        for interaction in interactions.sorted(by: { $0.user != $1.user ? $0.user < $1.user : $0.movie < $1.movie }) {
            let rating = interaction.latestRating.map(String.init) ?? "-"
            let line = "\(interaction.user.rawValue)\t\(interaction.movie.slug)\t\(interaction.minutesWatched)\t\(rating)\t\(interaction.lastTime.microseconds)\n"
            hasher.update(data: Array(line.utf8))
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
