import Foundation
import MarqueeCore
import MarqueeLifecycle
import MarqueeModels
import MarqueeStore

extension ServingModel {
    /// Loads registered version `record` for serving, after checking its artifact's SHA-256 against the registry.
    /// - Throws: `ModelError` when the artifact is missing, altered (checksum differs) or corrupt.
    public static func load(_ record: ModelVersionRecord, watched: [UserID: Set<MovieID>]) throws(ModelError) -> ServingModel {
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: record.artifactPath)))
        } catch {
            throw ModelError(.io, "cannot read the artifact of \(record.version) at \(record.artifactPath): check the models directory", cause: error)
        }
        guard TrainingPipeline.sha256(bytes) == record.artifactSHA256 else {
            throw ModelError(
                .corruptArtifact,
                "the artifact of \(record.version) at \(record.artifactPath) does not match the SHA-256 in the registry; it was altered, refusing to serve it")
        }
        return ServingModel(recommender: try ModelArtifact.decode(bytes, source: record.artifactPath), watched: watched, version: record.version)
    }
}
