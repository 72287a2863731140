import Foundation
import MarqueeCore
import MarqueeLifecycle
import MarqueeModels
import MarqueeServer
import MarqueeSimulator
import MarqueeStore
import MarqueeTestSupport
import Testing

/// Registered versions are served only when their artifact still matches the registry's SHA-256.
struct RegisteredModelsTests {
    private static let world = SimulatorFixtures.configuration(users: 200, movies: 60, days: 2)

    /// A store of two simulated days and the version of `kind` the pipeline registered on it; the directory holds its artifact.
    private static func registered(kind: String) async throws -> (SQLiteEventStore, ModelVersionRecord, FixtureDirectory) {
        let (lines, _) = try await SimulatorFixtures.log(world)
        let store = try SQLiteEventStore.inMemory()
        _ = try await store.store(IngestBatch(source: "test", events: SimulatorFixtures.events(lines)))
        let directory = try FixtureDirectory()
        let code = CodeVersion(commit: "0123456789abcdef0123456789abcdef01234567", dirty: false)
        let outcome = try await TrainingPipeline(
            store: store,
            configuration: PipelineConfiguration(candidates: [CandidateSpec(kind: kind)], modelsDirectory: directory.path(""), codeVersion: code)
        ).run(now: WallTime(microseconds: 1))
        return (store, try #require(outcome.registered.first), directory)
    }

    @Test func aReplacedArtifactIsRefusedEvenWhenItIsAValidModel() async throws {
        // Given a version registered by the pipeline
        let (store, version, directory) = try await Self.registered(kind: "popularity")
        defer { withExtendedLifetime(directory) {} }
        #expect(try ServingModel.load(version, watched: [:]).version == version.version)

        // When its file is replaced by another valid artifact
        let other = try ModelKinds.trainer(kind: "item-knn").train(on: try await TrainingDataLoader(store: store).load())
        try ModelArtifact.write(other, to: version.artifactPath)

        // Then loading it for serving is refused, naming the version
        #expect {
            _ = try ServingModel.load(version, watched: [:])
        } throws: { error in
            (error as? ModelError)?.message.contains("does not match the SHA-256 in the registry") == true
        }
    }

    @Test func aCostAwareVersionServesItsArtifactReRankedAgainstTheCataloguesCosts() async throws {
        // Given a registered version and its cost-aware derivative
        let (store, base, directory) = try await Self.registered(kind: "item-knn")
        defer { withExtendedLifetime(directory) {} }
        let derived = base.trading(.licenceCost, weight: 2, now: WallTime(microseconds: 2), eventTime: nil)
        try await store.register(version: derived)
        #expect(derived.version == base.version + "-cost2.0" && derived.artifactSHA256 == base.artifactSHA256)

        // Without costs in the catalogue it is refused; with them it serves re-ranked answers
        await #expect(throws: ModelError.self) { _ = try await ServingModel.load(derived, from: store) }
        let movies = try Simulator(configuration: Self.world).catalogue.movies.movies
        try await store.upsert(movies: movies)
        let served = try await ServingModel.load(derived, from: store)
        #expect(served.recommender.descriptor.hyperparameters[TradeOff.licenceCost.weightKey] == "2.0")
        let plain = try await ServingModel.load(base, from: store)
        var costs: [MovieID: Double] = [:]
        for movie in movies { costs[movie.id] = movie.cost }
        func meanCost(_ model: ServingModel) -> Double {
            let users = (0..<50).compactMap { UserID(Int64($0)) }
            let slots = users.flatMap { model.recommender.recommend(for: $0, count: 20, excluding: []).map(\.movie) }
            return slots.map { costs[$0] ?? 0 }.reduce(0, +) / Double(max(1, slots.count))
        }
        #expect(meanCost(served) < meanCost(plain))
    }

    @Test func anExploringVersionServesItsArtifactWithExploredSlotsTheSameInEveryReplica() async throws {
        // Given a registered version and a derivative exploring a quarter of each list
        let (store, base, directory) = try await Self.registered(kind: "item-knn")
        defer { withExtendedLifetime(directory) {} }
        let derived = base.exploring(share: 0.25, now: WallTime(microseconds: 2), eventTime: nil)
        try await store.register(version: derived)
        #expect(derived.version == base.version + "-explore0.25" && derived.artifactSHA256 == base.artifactSHA256)

        // Without movie records it is refused; with them, 5 of 20 slots differ from the plain version's
        await #expect(throws: ModelError.self) { _ = try await ServingModel.load(derived, from: store) }
        try await store.upsert(movies: try Simulator(configuration: Self.world).catalogue.movies.movies)
        let served = try await ServingModel.load(derived, from: store)
        let again = try await ServingModel.load(derived, from: store)
        let plain = try await ServingModel.load(base, from: store)
        let user = try #require(UserID(3))
        let answer = served.recommender.recommend(for: user, count: 20, excluding: [])
        let plainAnswer = plain.recommender.recommend(for: user, count: 20, excluding: [])
        #expect(Set(answer.map(\.movie)).subtracting(plainAnswer.map(\.movie)).count == 5)
        #expect(answer == again.recommender.recommend(for: user, count: 20, excluding: []), "every replica loads the same draws")
        #expect(served.recommender.descriptor.hyperparameters["exploration_share"] == "0.25")
    }
}
