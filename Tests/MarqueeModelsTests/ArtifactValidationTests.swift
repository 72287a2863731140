import Foundation
import MarqueeCore
import MarqueeTestSupport
import Testing

@testable import MarqueeModels

/// Crafted artifacts with a valid checksum: each one passed every check before the structural validation and then
/// crashed the server (or would have) when it decoded or served them.
struct ArtifactValidationTests {
    private let data = ModelFixtures.clustered(usersPerCluster: [4, 5], moviesPerCluster: 6)

    /// `model`'s artifact with `edit` applied to its body, resealed with a correct length and SHA-256.
    private func crafted(_ model: any Recommender, _ edit: (inout [UInt8], [ArtifactField]) -> Void) throws -> [UInt8] {
        var (body, fields) = try ModelArtifact.encodeFields(model)
        edit(&body, fields)
        return ModelArtifact.sealed(body)
    }

    private func write(_ value: UInt64, size: Int, at offset: Int, in bytes: inout [UInt8]) {
        for index in 0..<size { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> UInt64(8 * index)) }
    }

    @Test func rejectsItemKNNRowStartsThatRunPastTheColumns() throws {
        // Given the artifact: an item-kNN model of two users and one stored entry whose row starts are
        // [0, 1000, 1], so row 0 claims entries 0..<1000 of a one-entry array
        let movie = ModelFixtures.movie(cluster: 0, 1)
        let users = [UserID(1), UserID(2)].compactMap { $0 }
        let matrix = InteractionMatrix(users: users, movies: [movie], rowStarts: [0, 0, 1], columns: [0], values: [1])
        let coldStart = DemographicPopularity(movies: [movie], globalCounts: [1], groupCounts: [:], coldUsers: [:], userCount: 2)
        let model = ItemKNNRecommender(
            configuration: .init(neighbours: 5), context: UserContext(matrix: matrix, coldStart: coldStart),
            neighbours: NeighbourLists(starts: [0, 0], indices: [], similarities: []))
        let bytes = try crafted(model) { body, fields in
            let rowStarts = fields.first { $0.kind == .array(elementSize: 8, count: 3, floats: false) }
            write(1000, size: 8, at: (rowStarts?.offset ?? 0) + 8 + 8, in: &body)
        }
        // When decoding it, then it is refused as corrupt, naming the row starts, instead of crashing the reader
        let error = try #require(throws: ModelError.self) { try ModelArtifact.decode(bytes, source: "crafted.mqm") }
        #expect(error.code == .corruptArtifact)
        #expect(error.message.contains("row starts") && error.message.contains("crafted.mqm"))
    }

    @Test func rejectsAPopularityScoreThatIsNotFinite() throws {
        // Given a popularity artifact whose first score is NaN (its explanation converts the score to an Int, which traps)
        let bytes = try crafted(try ModelKind.popularity.train(data)) { body, fields in
            let scores = fields.first { if case .array(8, _, false) = $0.kind { true } else { false } }
            write(Double.nan.bitPattern, size: 8, at: (scores?.offset ?? 0) + 8, in: &body)
        }
        // Then it is refused
        let error = try #require(throws: ModelError.self) { try ModelArtifact.decode(bytes, source: "nan.mqm") }
        #expect(error.code == .corruptArtifact)
        #expect(error.message.contains("popularity score"))
    }

    @Test func rejectsASimilarityTooLargeToExplain() throws {
        // Given an item-kNN artifact with a finite but huge similarity (its explanation formats it through an Int)
        let bytes = try crafted(try ModelKind.itemKNN.train(data)) { body, fields in
            let similarities = fields.last { if case .array(4, let count, true) = $0.kind { count > 0 } else { false } }
            write(UInt64(Float(1e30).bitPattern), size: 4, at: (similarities?.offset ?? 0) + 8, in: &body)
        }
        // Then it is refused, naming the similarities
        let error = try #require(throws: ModelError.self) { try ModelArtifact.decode(bytes, source: "huge.mqm") }
        #expect(error.code == .corruptArtifact)
        #expect(error.message.contains("similarities"))
    }

    @Test func rejectsHyperparametersTheTrainerWouldRefuse() throws {
        // Given an ALS artifact whose alpha (the second float after the kind) is NaN
        let bytes = try crafted(try ModelKind.als.train(data)) { body, fields in
            let floats = fields.filter { $0.kind == .float(size: 4) }
            write(UInt64(Float.nan.bitPattern), size: 4, at: floats.count > 1 ? floats[1].offset : 0, in: &body)
        }
        // Then it is refused with the trainer's own message
        let error = try #require(throws: ModelError.self) { try ModelArtifact.decode(bytes, source: "alpha.mqm") }
        #expect(error.code == .corruptArtifact)
        #expect(error.message.contains("alpha"))
    }

    @Test func rejectsAnArtifactAboveTheSizeLimit() throws {
        // Given a valid artifact and a limit below its size
        let bytes = try ModelArtifact.encode(try ModelKind.popularity.train(data))
        // When decoding it, then it is refused before parsing, with the limit and how to raise it
        let error = try #require(throws: ModelError.self) {
            try ModelArtifact.decode(bytes, source: "big.mqm", maximumBytes: bytes.count - 1)
        }
        #expect(error.code == .artifactTooLarge)
        #expect(error.message.contains("\(bytes.count - 1)") && error.message.contains("raise the limit"))
        #expect(ModelArtifact.defaultMaximumBytes == 4 << 30)
    }

    @Test func refusesToReadAFileAboveTheSizeLimit() throws {
        // Given an artifact file
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("marquee-limit-\(UUID().uuidString).mqm").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ModelArtifact.write(try ModelKind.popularity.train(data), to: path)
        // When reading it with a limit of 64 bytes, then it is refused as too large, not read
        let error = try #require(throws: ModelError.self) { try ModelArtifact.read(from: path, maximumBytes: 64) }
        #expect(error.code == .artifactTooLarge)
        #expect(error.message.contains(path))
        // and with the default limit it loads
        _ = try ModelArtifact.read(from: path)
    }
}
