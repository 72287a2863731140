import MarqueeCore
import MarqueeStore

/// Where a recommendation came from: what was served, by which model version, trained by which code on which data.
public struct Provenance: Hashable, Sendable {
    /// The answer as the server recorded it.
    public var answer: TelemetryRecord
    /// The registered model version that answered, `nil` when it is not in the registry (e.g. a model served from a
    /// file with `marquee serve --model`).
    public var version: ModelVersionRecord?
    /// The snapshot that version was trained on.
    public var snapshot: SnapshotRecord?

    /// The latest answer to `user` recorded at or before `wallTime` (the latest of all when `nil`), with its model
    /// version and training snapshot; `nil` when `user` was never answered by then.
    public static func of(
        user: UserID, at wallTime: WallTime? = nil, in store: any TelemetryStore & RegistryStore
    ) async throws(StoreError) -> Provenance? {
        let answers = try await store.telemetry(of: user)
        guard let answer = answers.last(where: { record in wallTime.map { record.wallTime <= $0 } ?? true }) else { return nil }
        let version = try await store.version(answer.modelVersion)
        var snapshot: SnapshotRecord?
        if let version { snapshot = try await store.snapshot(id: version.snapshotID) }
        return Provenance(answer: answer, version: version, snapshot: snapshot)
    }

    /// How to rebuild the training data: the snapshot's definition in words.
    public var snapshotDefinition: String? {
        snapshot.map { snapshot in
            "every watch and rate event with event time <= \(snapshot.bounds.eventTimeTo) stored in ingest batches 1...\(snapshot.bounds.throughBatch), aggregated per (user, movie); content SHA-256 \(snapshot.contentHash)"
        }
    }
}
