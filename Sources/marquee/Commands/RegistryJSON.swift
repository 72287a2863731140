import Foundation
import MarqueeCore
import MarqueeStore

/// A snapshot as the CLI prints it in JSON.
struct SnapshotJSON: Encodable {
    var id: String
    var hash: String
    var from: String?
    var to: String
    var rows: Int
    var throughBatch: Int64
    var sourceOffsets: [String: Int64]

    init(_ record: SnapshotRecord) {
        id = record.id
        hash = record.contentHash
        from = record.eventTimeFrom?.description
        to = record.bounds.eventTimeTo.description
        rows = record.rows
        throughBatch = record.bounds.throughBatch
        sourceOffsets = record.sourceOffsets
    }
}

/// A model version as the CLI prints it in JSON.
struct VersionJSON: Encodable {
    struct Stage: Encodable {
        var stage: String
        var at: String
        var eventTime: String?
        var reason: String
        var share: Double?
    }

    var version: String
    var kind: String
    var stage: String
    var hyperparameters: [String: String]
    var seed: UInt64?
    var codeVersion: String
    var codeDirty: Bool
    var marqueeVersion: String
    var snapshot: String
    var artifact: String
    var artifactSHA256: String
    var offlineMetrics: [String: Double]
    var trigger: String
    var stages: [Stage]

    init(_ record: ModelVersionRecord) {
        version = record.version
        kind = record.kind
        stage = record.stage.rawValue
        hyperparameters = record.hyperparameters
        seed = record.seed
        codeVersion = record.codeVersion
        codeDirty = record.codeDirty
        marqueeVersion = record.marqueeVersion
        snapshot = record.snapshotID
        artifact = record.artifactPath
        artifactSHA256 = record.artifactSHA256
        offlineMetrics = record.offlineMetrics
        trigger = record.trigger
        stages = record.stages.map { change in
            Stage(
                stage: change.stage.rawValue, at: change.at.iso8601, eventTime: change.eventTime?.description,
                reason: change.reason,
                share: change.share)
        }
    }
}

/// Sorted, pretty JSON text.
enum JSONText {
    private static let formatting: JSONEncoder.OutputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]

    /// `value` with snake_case keys (``JSONEncoder/marquee(outputFormatting:)``): every `--json` output but drift's.
    static func encode(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder.marquee(outputFormatting: formatting).encode(value), as: UTF8.self)
    }

    /// `value` with its keys as its types declare them: for the drift report, whose statistical tests
    /// (`ChiSquareTest`, `KolmogorovSmirnovTest`) have always written `pValue` and `degreesOfFreedom`, which the
    /// snake-case encoder would rename.
    static func encodeWithDeclaredKeys(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = formatting
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
