import Foundation
import MarqueeCore
import MarqueeLifecycle
import MarqueeModels
import MarqueeSimulator
import MarqueeStore
import MarqueeTestSupport
import Testing

@Suite(.dedicatedThreads)
struct TrainingPipelineTests {
    static let code = CodeVersion(commit: "0123456789abcdef0123456789abcdef01234567", dirty: false)
    static let now: Int64 = 1_790_000_000_000_000

    /// A store holding 4 simulated days of 300 users and their catalogue.
    static func makeStore() async throws -> SQLiteEventStore {
        let configuration = SimulatorFixtures.configuration(users: 300, movies: 120, days: 4)
        let (lines, _) = try await SimulatorFixtures.log(configuration)
        let catalogue = try Simulator(configuration: configuration).catalogue
        let store = try SQLiteEventStore.inMemory()
        try await store.upsert(movies: catalogue.movies.movies)
        try await store.upsert(users: (0..<300).compactMap { UserID(Int64($0)).flatMap(catalogue.users.user) })
        _ = try await store.store(IngestBatch(source: "test", events: SimulatorFixtures.events(lines)))
        return store
    }

    static func withModelsDirectory(_ body: (String) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("marquee-models-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await body(directory)
    }

    private static func configuration(_ candidates: [CandidateSpec], directory: String) -> PipelineConfiguration {
        PipelineConfiguration(candidates: candidates, seed: 7, trigger: "test", modelsDirectory: directory, codeVersion: code)
    }

    private static let candidates = [
        CandidateSpec(kind: "popularity"), CandidateSpec(kind: "item-knn"),
        CandidateSpec(kind: "als", parameters: ["factors": "8", "iterations": "4"]),
    ]

    @Test func twoPipelinesRunAtOnceRegisterDistinctVersionsEachWithItsOwnArtifact() async throws {
        let store = try await Self.makeStore()
        try await Self.withModelsDirectory { directory in
            // When two pipelines on one store start together (both count the same registry)
            let configuration = Self.configuration([CandidateSpec(kind: "popularity"), CandidateSpec(kind: "item-knn")], directory: directory)
            async let first = TrainingPipeline(store: store, configuration: configuration).run(now: WallTime(microseconds: Self.now))
            async let second = TrainingPipeline(store: store, configuration: configuration).run(now: WallTime(microseconds: Self.now + 1))
            let outcomes = try await [first, second]
            // Then both succeed, the four versions have distinct names, and each file is the artifact its record names
            for outcome in outcomes { #expect(outcome.registered.count == 2, "\(outcome.steps)") }
            let versions = try await store.versions()
            #expect(Set(versions.map(\.version)).count == 4, "\(versions.map(\.version))")
            for version in versions {
                let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: version.artifactPath)))
                #expect(TrainingPipeline.sha256(bytes) == version.artifactSHA256, "\(version.version)")
            }
        }
    }

    @Test func timesEveryStepInOrder() async throws {
        let store = try await Self.makeStore()
        try await Self.withModelsDirectory { directory in
            // When the pipeline runs its three candidates
            let outcome = try await TrainingPipeline(store: store, configuration: Self.configuration(Self.candidates, directory: directory))
                .run(now: WallTime(microseconds: Self.now))
            // Then each step has its time, in the order run: what bench/reference.sh reports per retraining
            #expect(outcome.failure == nil, "\(outcome.steps)")
            #expect(outcome.timings.map(\.step) == ["snapshot", "validation", "split", "popularity", "item-knn", "als", "gate"])
            #expect(outcome.timings.allSatisfy { $0.seconds >= 0 && $0.seconds < 600 }, "\(outcome.timings)")
            #expect(outcome.timings[0].description.hasPrefix("snapshot ") && outcome.timings[0].description.hasSuffix(" s"))
        }
    }

    @Test func registersEveryCandidateWithCompleteProvenance() async throws {
        let store = try await Self.makeStore()
        try await Self.withModelsDirectory { directory in
            let outcome = try await TrainingPipeline(store: store, configuration: Self.configuration(Self.candidates, directory: directory))
                .run(now: WallTime(microseconds: Self.now))
            #expect(outcome.failure == nil, "\(outcome.steps)")
            let snapshot = try #require(outcome.snapshot)
            #expect(snapshot.rows > 100 && snapshot.contentHash.count == 64)
            let versions = try await store.versions()
            #expect(versions.map(\.version) == ["v1-popularity", "v2-item-knn", "v3-als"])
            for version in versions {
                #expect(version.codeVersion == Self.code.commit && !version.codeDirty)
                #expect(version.marqueeVersion == MarqueeRelease.version)
                #expect(version.snapshotID == snapshot.id && version.trigger == "test")
                // Every offline metric, and the gate's score under its own key
                #expect(version.offlineMetrics["ndcg@20"] != nil && version.offlineMetrics.count == 14)
                #expect(version.offlineMetrics[GateMetric.default.rawValue] != nil)
                let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: version.artifactPath)))
                #expect(TrainingPipeline.sha256(bytes) == version.artifactSHA256)
                #expect(version.stages.first?.stage == .candidate)
            }
            #expect(versions.first { $0.version == "v3-als" }?.seed == 7)
            let chosen = try #require(outcome.chosen)
            #expect(versions.filter { $0.stage == .rejected }.count == 2)
            #expect(chosen.stage == .candidate && chosen.stages.last?.reason.contains("passed the offline gate") == true)
        }
    }

    @Test func retrainingFromTheSnapshotDefinitionReproducesTheArtifactChecksum() async throws {
        let store = try await Self.makeStore()
        try await Self.withModelsDirectory { directory in
            let outcome = try await TrainingPipeline(store: store, configuration: Self.configuration(Self.candidates, directory: directory))
                .run(now: WallTime(microseconds: Self.now))
            // Given events stored after the snapshot, one of them earlier in event time than the snapshot's end
            let user = try #require(UserID(5))
            let movie = try #require(MovieID("late+2020"))
            let early = try #require(outcome.snapshot?.eventTimeFrom)
            _ = try await store.store(
                IngestBatch(
                    source: "late", events: [Event(time: early, user: user, kind: .watch(movie: movie, minute: 0))]))
            // When the snapshot is rebuilt from its definition and every version retrained
            let snapshot = try await TrainingSnapshot.reproduce(try #require(outcome.snapshot?.id), from: store)
            #expect(snapshot.record == outcome.snapshot)
            for version in try await store.versions() {
                // Then each artifact is byte for byte the registered one
                #expect(TrainingPipeline.sha256(try version.retrainArtifact(on: snapshot)) == version.artifactSHA256, "\(version.version)")
            }
            // And once the catalogue changes, the snapshot says it no longer reproduces
            var record = try #require(try await store.movies().first)
            record.runtime = (record.runtime ?? 90) + 1
            try await store.upsert(movies: [record])
            let changed = await #expect(throws: StoreError.self) { try await TrainingSnapshot.reproduce(snapshot.record.id, from: store) }
            #expect(changed?.code == .corrupt && changed?.message.contains("catalogue") == true)
        }
    }

    @Test func gateRejectsACandidateWorseThanProductionAndLeavesProductionAlone() async throws {
        let store = try await Self.makeStore()
        try await Self.withModelsDirectory { directory in
            let first = try await TrainingPipeline(
                store: store, configuration: Self.configuration([CandidateSpec(kind: "item-knn")], directory: directory)
            ).run(now: WallTime(microseconds: Self.now))
            let production = try #require(first.chosen)
            try await store.record(StageChange(stage: .production, at: WallTime(microseconds: Self.now), reason: "test"), for: production.version)
            // When an untrained ALS model (random factors) is the only candidate
            let untrained = CandidateSpec(kind: "als", parameters: ["factors": "8", "iterations": "0"])
            let second = try await TrainingPipeline(store: store, configuration: Self.configuration([untrained], directory: directory))
                .run(now: WallTime(microseconds: Self.now + 1))
            // Then it fails the gate, is recorded as rejected with the evidence, and production is unchanged
            #expect(second.chosen == nil)
            #expect(second.failure?.contains("failed the offline gate") == true)
            let rejected = try #require(try await store.version("v2-als"))
            #expect(rejected.stage == .rejected && rejected.stages.last?.reason.contains(production.version) == true)
            #expect(try await store.productionVersion()?.version == production.version)
        }
    }

    @Test func refusesToTrainOnASnapshotThatFailsValidation() async throws {
        let store = try SQLiteEventStore.inMemory()
        try await Self.withModelsDirectory { directory in
            let outcome = try await TrainingPipeline(store: store, configuration: Self.configuration(Self.candidates, directory: directory))
                .run(now: WallTime(microseconds: Self.now))
            #expect(outcome.failure?.hasPrefix("validation") == true)
            #expect(try await store.versions().isEmpty)
            // And the run is recorded with why it stopped
            let runs = try await store.pipelineRuns()
            #expect(runs.count == 1 && runs.first?.failure == outcome.failure && runs.first?.trigger == "test" && runs.first?.chosen == nil)
        }
    }

    @Test func provenanceAnswersForARecordedRecommendation() async throws {
        let store = try await Self.makeStore()
        try await Self.withModelsDirectory { directory in
            let outcome = try await TrainingPipeline(store: store, configuration: Self.configuration(Self.candidates, directory: directory))
                .run(now: WallTime(microseconds: Self.now))
            let chosen = try #require(outcome.chosen)
            let user = try #require(UserID(42))
            let movies = [try #require(MovieID("a+2000"))]
            try await store.append(telemetry: [
                TelemetryRecord(
                    wallTime: WallTime(microseconds: Self.now + 10), user: user,
                    answer: ServedAnswer(movies: movies, modelVersion: chosen.version, route: .production, usedFallback: false),
                    latencyMicroseconds: 900),
                TelemetryRecord(
                    wallTime: WallTime(microseconds: Self.now + 20), user: user,
                    answer: ServedAnswer(movies: [], modelVersion: "unregistered", route: .canary, usedFallback: true),
                    latencyMicroseconds: 900),
            ])
            let earlier = try #require(try await Provenance.of(user: user, at: WallTime(microseconds: Self.now + 15), in: store))
            #expect(earlier.answer.movies == movies && earlier.version?.version == chosen.version)
            #expect(earlier.snapshot == outcome.snapshot)
            #expect(earlier.snapshotDefinition?.contains(outcome.snapshot?.contentHash ?? "?") == true)
            let latest = try #require(try await Provenance.of(user: user, in: store))
            #expect(latest.answer.route == .canary && latest.version == nil)
            #expect(try await Provenance.of(user: user, at: WallTime(microseconds: Self.now), in: store) == nil)
        }
    }
}
