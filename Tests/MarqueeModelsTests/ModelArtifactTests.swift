import Foundation
import MarqueeCore
import MarqueeTestSupport
import Testing

@testable import MarqueeModels

struct ModelArtifactTests {
    private let data: TrainingData = {
        var data = ModelFixtures.clustered()
        data.users[UserID(5000)!] = User(id: UserID(5000)!, age: 30, gender: "F")
        return data
    }()

    private func recommendations(_ model: any Recommender) -> [[ScoredMovie]] {
        (Array(data.users.keys.sorted().prefix(8)) + [UserID(5000)!, UserID(777_777)!]).map {
            model.recommend(for: $0, count: 10, excluding: [ModelFixtures.movie(cluster: 0, 1)])
        }
    }

    @Test(arguments: ModelKind.all)
    func roundTripsExactly(kind: ModelKind) throws {
        // Given a trained model written to a file
        let model = try kind.train(data)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("marquee-\(kind.name)-\(UUID().uuidString).model").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ModelArtifact.write(model, to: path)
        // When reading it back
        let loaded = try ModelArtifact.read(from: path)
        // Then it recommends, scores and explains exactly as the original
        #expect(recommendations(loaded) == recommendations(model))
        #expect(loaded.descriptor == model.descriptor)
        let user = data.users.keys.sorted()[0]
        let movie = ModelFixtures.movie(cluster: 0, 4)
        #expect(loaded.explain(movie, for: user) == model.explain(movie, for: user))
        #expect(loaded.scores(for: user, movies: [movie]) == model.scores(for: user, movies: [movie]))
    }

    @Test func anALSArtifactKeepsItsRecencyHalfLifeAndOneWrittenBeforeItHadNoneReadsAsNone() throws {
        // Given an ALS model trained with recency-weighted confidence
        let model = try ALSTrainer(configuration: .init(factors: 4, iterations: 2, threads: 1, recencyHalfLife: 10)).train(on: data)
        // Then its artifact reads back with that half-life
        let loaded = try ModelArtifact.decode(try ModelArtifact.encode(model), source: "als.model")
        #expect(loaded.descriptor.hyperparameters["recency_half_life"] == "10.0")
        // And a header without the key (an older artifact) means no weighting, while a header with a bad value is corrupt
        var reader = ArtifactReader(bytes: [], source: "old.model")
        #expect(try reader.headerFloat("recency_half_life", absent: 0) == 0)
        reader.headerHyperparameters["recency_half_life"] = "soon"
        let error = try #require(throws: ModelError.self) { try reader.headerFloat("recency_half_life", absent: 0) }
        #expect(error.code == .corruptArtifact)
        #expect(error.message.contains("recency_half_life"))
    }

    @Test func artifactsAreReadableByTheirOwnerOnly() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("marquee-mode-\(UUID().uuidString).model").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ModelArtifact.write(try ModelKind.als.train(data), to: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test func rejectsTruncatedFile() throws {
        // Given an artifact missing its last bytes
        let bytes = try ModelArtifact.encode(try ModelKind.als.train(data))
        // When decoding it
        let error = try #require(throws: ModelError.self) { try ModelArtifact.decode(Array(bytes.dropLast(100)), source: "cut.model") }
        // Then the error says it is truncated and names the file
        #expect(error.code == .corruptArtifact)
        #expect(error.message.contains("truncated") && error.message.contains("cut.model"))
    }

    @Test func rejectsAFlippedByte() throws {
        // Given an artifact with one bit flipped in its parameters
        var bytes = try ModelArtifact.encode(try ModelKind.itemKNN.train(data))
        bytes[bytes.count / 2] ^= 0x10
        // When decoding it, then the checksum catches it
        let error = try #require(throws: ModelError.self) { try ModelArtifact.decode(bytes, source: "flipped.model") }
        #expect(error.code == .corruptArtifact)
        #expect(error.message.contains("checksum") && error.message.contains("flipped.model"))
    }

    @Test func rejectsAForeignFile() throws {
        let error = try #require(throws: ModelError.self) {
            try ModelArtifact.decode(Array("PK\u{3}\u{4} definitely a zip file".utf8), source: "other.zip")
        }
        #expect(error.code == .incompatibleArtifact)
        #expect(error.message.contains("not a Marquee model") && error.message.contains("other.zip"))
    }

    @Test func rejectsAFutureVersion() throws {
        // Given an artifact whose format version is newer than this build's
        var bytes = try ModelArtifact.encode(try ModelKind.popularity.train(data))
        bytes[8] = 99
        // Then it is incompatible, and the message says how to fix it
        let error = try #require(throws: ModelError.self) { try ModelArtifact.decode(bytes, source: "new.model") }
        #expect(error.code == .incompatibleArtifact)
        #expect(error.message.contains("version 99"))
    }

    @Test func reportsAMissingFile() {
        let error = #expect(throws: ModelError.self) { try ModelArtifact.read(from: "/nonexistent/marquee.model") }
        #expect(error?.code == .io)
    }

    @Test func neverCrashesOnArbitraryBytes() throws {
        // Given valid artifacts cut at every length and random byte strings
        let bytes = try ModelArtifact.encode(try ModelKind.bpr.train(data))
        for length in Swift.stride(from: 0, to: bytes.count, by: max(1, bytes.count / 300)) {
            #expect(throws: ModelError.self) { try ModelArtifact.decode(Array(bytes.prefix(length)), source: "cut") }
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            var noise = (0..<Int.random(in: 0..<400, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if noise.count > 20, Bool.random(using: &generator) { noise.replaceSubrange(0..<8, with: ModelArtifact.magic) }
            #expect(throws: ModelError.self) { try ModelArtifact.decode(noise, source: "noise") }
        }
    }
}
