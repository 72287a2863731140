import Foundation
import MarqueeCore
import MarqueeEvaluation
import MarqueeModels
import MarqueeTestSupport
import Testing

struct ModelComparisonTests {
    private func report(method: SplitMethod = .defaultPerUser) throws -> ComparisonReport {
        let comparison = ModelComparison(
            candidates: [
                ComparisonCandidate(name: "popularity", trainer: EvaluationFixtures.PopularityTrainer()),
                ComparisonCandidate(name: "popularity-again", trainer: EvaluationFixtures.PopularityTrainer()),
            ],
            split: .init(method: method), diskSize: { _ in 123 })
        return try comparison.run(on: RandomEvaluationData.make(seed: 5, users: 80))
    }

    @Test(arguments: [SplitMethod.defaultGlobal, .defaultPerUser])
    func jsonHasExactlyTheContractKeys(method: SplitMethod) throws {
        // Given a comparison of two models
        let report = try report(method: method)
        // When it is encoded as JSON
        let object = try #require(try JSONSerialization.jsonObject(with: report.jsonData()) as? [String: Any])
        // Then the top level, the split kind and each model have exactly the contract's keys
        #expect(Set(object.keys) == ["split", "models"])
        let split = try #require(object["split"] as? [String: Any])
        #expect(split["kind"] as? String == method.kind)
        let models = try #require(object["models"] as? [[String: Any]])
        #expect(models.map { $0["name"] as? String } == ["popularity", "popularity-again"])
        for model in models {
            #expect(Set(model.keys) == ["name", "metrics", "by_group", "train_seconds", "latency_ms", "size_bytes"])
            let metrics = try #require(model["metrics"] as? [String: Double])
            #expect(Set(metrics.keys) == Set(MetricSet.keys))
            #expect(Set(try #require(model["latency_ms"] as? [String: Double]).keys) == ["p50", "p99"])
            let size = try #require(model["size_bytes"] as? [String: Int])
            #expect(size["disk"] == 123 && (size["memory"] ?? 0) > 0)
            let groups = try #require(model["by_group"] as? [String: [String: Any]])
            #expect(Set(groups.keys) == ["gender", "age", "occupation"])
        }
    }

    @Test func identicalModelsGetIdenticalMetrics() throws {
        let report = try report()
        #expect(report.models[0].metrics == report.models[1].metrics)
        #expect(report.models[0].metrics.hit20 > 0)
    }

    @Test func writesMarkdownJSONAndChartFiles() throws {
        // Given a report and an empty directory
        let report = try report()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("marquee-report-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // When it is written
        let paths = try report.write(to: directory)
        // Then the three files exist: Markdown with the table and definitions, JSON that decodes back, an SVG
        #expect(paths.count == 3)
        let markdown = try String(contentsOfFile: directory + "/report.md", encoding: .utf8)
        #expect(markdown.contains("| popularity |"))
        #expect(markdown.contains("## Definitions"))
        #expect(markdown.contains("Leakage: mild"))
        let decoded = try JSONDecoder().decode(ComparisonReport.self, from: Data(contentsOf: URL(fileURLWithPath: directory + "/report.json")))
        #expect(decoded == report)
        let svg = try String(contentsOfFile: directory + "/chart.svg", encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.contains("NDCG@20") && svg.contains("Training time"))
    }

    @Test func rejectsDuplicateAndMissingModels() {
        let data = RandomEvaluationData.make(seed: 5)
        let twice = ModelComparison(
            candidates: [
                ComparisonCandidate(name: "p", trainer: EvaluationFixtures.PopularityTrainer()),
                ComparisonCandidate(name: "p", trainer: EvaluationFixtures.PopularityTrainer()),
            ], diskSize: { _ in 0 })
        #expect(throws: EvaluationError.self) { try twice.run(on: data) }
        #expect(throws: EvaluationError.self) { try ModelComparison(candidates: [], diskSize: { _ in 0 }).run(on: data) }
    }

    @Test func chartAxisCeilingsAreRound() {
        #expect(ComparisonReport.niceCeiling(0.17) == 0.2)
        #expect(ComparisonReport.niceCeiling(0.26) == 0.5)
        #expect(ComparisonReport.niceCeiling(3) == 5)
        #expect(ComparisonReport.niceCeiling(0) == 1)
    }
}
