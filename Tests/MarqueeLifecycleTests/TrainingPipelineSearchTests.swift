import MarqueeCore
import MarqueeEvaluation
import MarqueeLifecycle
import MarqueeStore
import Testing

extension TrainingPipelineTests {
    @Test func searchTunesEachCandidateAndRecordsItsTrialsWithTheVersion() async throws {
        // Given a store and a pipeline that searches three trials per candidate
        let store = try await Self.makeStore()
        try await Self.withModelsDirectory { directory in
            let candidates = [CandidateSpec(kind: "popularity"), CandidateSpec(kind: "als", parameters: ["iterations": "4", "threads": "1"])]
            let configuration = PipelineConfiguration(
                candidates: candidates, seed: 7, trigger: "test", modelsDirectory: directory, codeVersion: Self.code,
                search: SearchBudget(trials: 3, seconds: 3_600))
            // When it runs
            let outcome = try await TrainingPipeline(store: store, configuration: configuration).run(now: WallTime(microseconds: Self.now))
            #expect(outcome.failure == nil, "\(outcome.steps)")
            // Then the run's recorded steps list every trial of every candidate, and a summary
            let run = try #require(try await store.pipelineRuns().last)
            for kind in ["popularity", "als"] {
                #expect(run.steps.filter { $0.hasPrefix("search \(kind) trial ") }.count == 3, "\(run.steps)")
                #expect(run.steps.contains { $0.hasPrefix("search: random search of \(kind): 3 trials") })
            }
            // And each version keeps the summary and was trained with the chosen trial's values
            let versions = try await store.versions()
            #expect(versions.map(\.kind) == ["popularity", "als"])
            for version in versions {
                let summary = try #require(version.hyperparameters[TrainingPipeline.searchSummaryKey])
                let chosen = try #require(summary.split(separator: ": ").dropFirst(2).first).split(separator: ",").first ?? ""
                for pair in chosen.split(separator: " ") {
                    let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                    try #require(parts.count == 2, "\(summary)")
                    #expect(version.retrainingParameters[parts[0]] == parts[1], "\(version.version): \(summary)")
                }
                #expect(version.retrainingParameters[TrainingPipeline.searchSummaryKey] == nil)
            }
            #expect(versions.last?.seed == 7)
        }
    }

    @Test func halvingStrategySearchesALSBySuccessiveHalvingAndRecordsIt() async throws {
        // Given a pipeline that searches ALS by successive halving for the work of three trials
        let store = try await Self.makeStore()
        try await Self.withModelsDirectory { directory in
            var configuration = PipelineConfiguration(
                candidates: [CandidateSpec(kind: "als", parameters: ["threads": "1"])], seed: 7, trigger: "test", modelsDirectory: directory,
                codeVersion: Self.code, search: SearchBudget(trials: 3, seconds: 3_600))
            configuration.searchStrategy = .halving
            // When it runs
            let outcome = try await TrainingPipeline(store: store, configuration: configuration).run(now: WallTime(microseconds: Self.now))
            #expect(outcome.failure == nil, "\(outcome.steps)")
            // Then the steps and the version's summary name successive halving, and the version is fully trained
            let run = try #require(try await store.pipelineRuns().last)
            #expect(run.steps.contains { $0.hasPrefix("search: successive halving of als") }, "\(run.steps)")
            let version = try #require(try await store.versions().first)
            #expect(version.hyperparameters[TrainingPipeline.searchSummaryKey]?.hasPrefix("successive halving of als") == true)
            #expect(["10", "15"].contains(version.hyperparameters["iterations"] ?? ""), "\(version.hyperparameters)")
        }
    }

    @Test func searchIsOffByDefault() async throws {
        let store = try await Self.makeStore()
        try await Self.withModelsDirectory { directory in
            let configuration = PipelineConfiguration(
                candidates: [CandidateSpec(kind: "popularity")], seed: 7, trigger: "test", modelsDirectory: directory, codeVersion: Self.code)
            #expect(configuration.search == nil)
            let outcome = try await TrainingPipeline(store: store, configuration: configuration).run(now: WallTime(microseconds: Self.now))
            #expect(!outcome.steps.contains { $0.hasPrefix("search") })
            #expect(try await store.versions().first?.hyperparameters[TrainingPipeline.searchSummaryKey] == nil)
        }
    }
}
