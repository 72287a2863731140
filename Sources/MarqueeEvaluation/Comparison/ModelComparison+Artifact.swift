import Foundation
import MarqueeModels

extension ModelComparison {
    /// Measures a model on disk by writing its ``ModelArtifact`` to a temporary file, reading the file's size and
    /// removing it.
    public static let artifactDiskSize: DiskSizeMeasure = { model throws(EvaluationError) in
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("marquee-size-\(UUID().uuidString).model").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        do throws(ModelError) {
            try ModelArtifact.write(model, to: path)
        } catch {
            throw EvaluationError(.model, "cannot write the \(model.descriptor.kind) model's artifact to measure it: \(error.message)", cause: error)
        }
        do {
            let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int
            return size ?? 0
        } catch {
            throw EvaluationError(.io, "cannot read the size of \(path): check the temporary directory", cause: error)
        }
    }
}
