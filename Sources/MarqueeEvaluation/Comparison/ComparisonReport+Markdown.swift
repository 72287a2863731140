import Foundation

extension ComparisonReport {
    /// One measure of the report, defined in three steps: the metric, the data it is computed on, and how.
    public struct Definition: Hashable, Sendable {
        public var name: String
        public var metric: String
        public var data: String
        public var operationalisation: String
    }

    /// The definitions of every measure in the report.
    public static let definitions: [Definition] = [
        Definition(
            name: "precision@k", metric: "the share of recommended movies the user went on to like",
            data: "each test user's held-out interactions with positive feedback (relevant movies) against the model's top k",
            operationalisation: "hits in the top k ÷ k, averaged over test users (k = 10, 20)"),
        Definition(
            name: "recall@k", metric: "the share of the movies the user went on to like that the model found",
            data: "as for precision@k", operationalisation: "hits in the top k ÷ number of relevant movies, averaged over test users"),
        Definition(
            name: "ndcg@k", metric: "ranking quality: relevant movies near the top count more",
            data: "as for precision@k",
            operationalisation: "Σ 1/log2(place+1) over relevant places 1…k, ÷ the same sum for an ideal list, averaged over test users"),
        Definition(
            name: "map@k", metric: "mean average precision: precision at each relevant place",
            data: "as for precision@k",
            operationalisation: "Σ precision@place over relevant places in the top k ÷ min(k, relevant), averaged over test users"),
        Definition(
            name: "hit@k", metric: "the share of users shown at least one movie they went on to like",
            data: "as for precision@k", operationalisation: "1 if any of the top k is relevant, else 0, averaged over test users"),
        Definition(
            name: "coverage", metric: "how much of the catalogue the model ever recommends",
            data: "every test user's top-10 list; the catalogue is the movies with positive feedback in training",
            operationalisation: "distinct movies in all top-10 lists ÷ catalogue size"),
        Definition(
            name: "novelty", metric: "how far from the blockbusters recommendations are (higher is more novel)",
            data: "every test user's top-10 list; popularity ranks from training (1 = most users with positive feedback)",
            operationalisation: "mean popularity rank of every recommended movie"),
        Definition(
            name: "personalisation", metric: "how individual the lists are",
            data: "every test user's top-10 list, in order", operationalisation: "distinct lists ÷ lists (1 = everyone gets their own)"),
        Definition(
            name: "train s", metric: "the cost of training",
            data: "the training split, one model at a time on this machine",
            operationalisation: "wall-clock seconds of the trainer's train call, including building its matrices"),
        Definition(
            name: "p50/p99 ms", metric: "the cost of one recommendation request",
            data: "one request per test user for the top 20, excluding the user's training movies, one at a time on one thread",
            operationalisation: "nearest-rank 50th and 99th percentiles of each call's wall-clock time, in milliseconds"),
        Definition(
            name: "disk / memory", metric: "the cost of keeping the model",
            data: "the model trained on the training split",
            operationalisation: "bytes of its artifact file; bytes of its parameters in memory as the model reports them"),
    ]

    /// The report as Markdown: the split, the comparison table, per-group NDCG@20, and the definitions.
    public var markdown: String {
        var lines = ["# Model comparison", "", "## Split", ""]
        lines.append(splitDescription)
        lines += ["", "## Results", ""]
        lines.append(resultsTable)
        lines += ["", "![NDCG@20, precision@10 and training time per model](chart.svg)", ""]
        lines += groupTables()
        lines += ["## Definitions", "", "Each measure in three steps: the metric, the data, the operationalisation.", ""]
        lines.append("| measure | metric | data | operationalisation |")
        lines.append("|---|---|---|---|")
        for definition in Self.definitions {
            lines.append("| \(definition.name) | \(definition.metric) | \(definition.data) | \(definition.operationalisation) |")
        }
        lines.append("")
        lines.append(
            "Relevance: a test interaction is relevant when the feedback rule gives it a positive weight (watched enough, "
                + "not rated at or below the dislike rating). Recommendations exclude the user's training movies.")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The split in a few sentences: protocol, sizes, leakage.
    public var splitDescription: String {
        var lines: [String] = []
        switch split.kind {
        case "global":
            lines.append(
                "Global temporal split: train on interactions strictly before \(split.cutTime ?? "?") "
                    + "(the \(format(split.quantile ?? 0, 2)) quantile of event time), test on those at or after it.")
        default:
            lines.append(
                "Per-user temporal split: each user's last \(format((split.testFraction ?? 0) * 100, 0)) % of interactions by event time are test.")
        }
        lines.append(
            "\(split.trainInteractions) training interactions of \(split.trainUsers) users; \(split.testInteractions) test interactions of "
                + "\(split.testUsers) test users with a relevant movie; \(split.droppedTestInteractions) test interactions dropped "
                + "(user or movie unknown to training); catalogue of \(split.catalogueMovies) movies.")
        lines.append("Leakage: \(split.leakage).")
        return lines.joined(separator: "\n")
    }

    /// The results as a Markdown table, one row per model.
    public var resultsTable: String {
        var lines: [String] = []
        lines.append("| model | P@10 | R@10 | NDCG@10 | MAP@10 | hit@10 | P@20 | R@20 | NDCG@20 | MAP@20 | hit@20 | coverage | novelty | personal. "
            + "| train s | p50 ms | p99 ms | disk | memory |")
        lines.append("|---|" + String(repeating: "---:|", count: 18))
        for model in models {
            let m = model.metrics
            let accuracy = [m.precision10, m.recall10, m.ndcg10, m.map10, m.hit10, m.precision20, m.recall20, m.ndcg20, m.map20, m.hit20]
            var cells = [model.name] + accuracy.map { format($0, 4) }
            cells += [format(m.coverage, 3), format(m.novelty, 1), format(m.personalisation, 3)]
            cells += [format(model.trainSeconds, 2), format(model.latencyMilliseconds.p50, 3), format(model.latencyMilliseconds.p99, 3)]
            cells += [bytes(model.sizeBytes.disk), bytes(model.sizeBytes.memory)]
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }

    private func groupTables() -> [String] {
        var lines = ["## NDCG@20 by demographic group", ""]
        for dimension in DemographicDimension.allCases {
            let groups = Set(models.flatMap { ($0.byGroup[dimension.rawValue] ?? [:]).keys }).sorted()
            guard !groups.isEmpty else { continue }
            lines.append("| \(dimension.rawValue) | users | " + models.map(\.name).joined(separator: " | ") + " |")
            lines.append("|---|---:|" + String(repeating: "---:|", count: models.count))
            for group in groups {
                let users = models.first?.byGroup[dimension.rawValue]?[group]?.users ?? 0
                let values = models.map { model in model.byGroup[dimension.rawValue]?[group].map { format($0.metrics.ndcg20, 4) } ?? "–" }
                lines.append("| \(group) | \(users) | " + values.joined(separator: " | ") + " |")
            }
            lines.append("")
        }
        return lines
    }

    private func format(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }

    private func bytes(_ count: Int) -> String {
        switch count {
        case ..<1024: "\(count) B"
        case ..<(1024 * 1024): format(Double(count) / 1024, 1) + " KiB"
        default: format(Double(count) / (1024 * 1024), 1) + " MiB"
        }
    }
}
