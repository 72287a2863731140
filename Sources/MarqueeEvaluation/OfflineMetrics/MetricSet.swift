import MarqueeCore

/// Every offline metric of one model over one set of test users, keyed in JSON as `precision@10`, `coverage`, ….
///
/// Accuracy metrics are means over test users of the per-user values of ``precision(at:recommended:relevant:)`` and
/// its siblings. Coverage, novelty and personalisation are computed on each user's top ``listLength`` list.
public struct MetricSet: Hashable, Sendable, Codable {
    /// The cut-offs of the accuracy metrics.
    public static let cutoffs = [10, 20]
    /// The list length for coverage, novelty and personalisation: one screen row.
    public static let listLength = 10
    /// The JSON keys, in report order.
    public static let keys = [
        "precision@10", "recall@10", "ndcg@10", "map@10", "hit@10", "precision@20", "recall@20", "ndcg@20", "map@20", "hit@20",
        "coverage", "novelty", "personalisation",
    ]

    public var precision10 = 0.0
    public var recall10 = 0.0
    public var ndcg10 = 0.0
    public var map10 = 0.0
    public var hit10 = 0.0
    public var precision20 = 0.0
    public var recall20 = 0.0
    public var ndcg20 = 0.0
    public var map20 = 0.0
    public var hit20 = 0.0
    /// Share of the training catalogue appearing in at least one top-10 list.
    public var coverage = 0.0
    /// Mean training-popularity rank of recommended movies (higher is more novel).
    public var novelty = 0.0
    /// Share of distinct top-10 lists.
    public var personalisation = 0.0

    enum CodingKeys: String, CodingKey {
        case precision10 = "precision@10", recall10 = "recall@10", ndcg10 = "ndcg@10", map10 = "map@10", hit10 = "hit@10"
        case precision20 = "precision@20", recall20 = "recall@20", ndcg20 = "ndcg@20", map20 = "map@20", hit20 = "hit@20"
        case coverage, novelty, personalisation
    }

    /// All zeros.
    public init() {}

    /// Computes every metric from each test case's recommendation list (best first, at least 20 long when possible).
    /// - Parameters:
    ///   - results: each test user's case and list.
    ///   - popularityRanking: training movies by decreasing popularity; its size is the catalogue for coverage.
    public init(results: [(case: TestCase, list: [MovieID])], popularityRanking: [MovieID]) {
        guard !results.isEmpty else { return }
        let n = Double(results.count)
        func mean(_ metric: (Int, [MovieID], Set<MovieID>) -> Double, at k: Int) -> Double {
            results.reduce(0.0) { $0 + metric(k, $1.list, $1.case.relevant) } / n
        }
        precision10 = mean(precision, at: 10)
        recall10 = mean(recall, at: 10)
        ndcg10 = mean(ndcg, at: 10)
        map10 = mean(averagePrecision, at: 10)
        hit10 = mean(hitRate, at: 10)
        precision20 = mean(precision, at: 20)
        recall20 = mean(recall, at: 20)
        ndcg20 = mean(ndcg, at: 20)
        map20 = mean(averagePrecision, at: 20)
        hit20 = mean(hitRate, at: 20)
        let lists = results.map { Array($0.list.prefix(Self.listLength)) }
        coverage = catalogueCoverage(of: lists, catalogueSize: popularityRanking.count)
        let ranks = Dictionary(popularityRanking.enumerated().map { ($0.element, $0.offset + 1) }, uniquingKeysWith: min)
        novelty = MarqueeEvaluation.novelty(of: lists, popularityRank: ranks)
        personalisation = MarqueeEvaluation.personalisation(of: lists)
    }

    /// The value of a metric by its JSON key, e.g. `ndcg@20`; `nil` for an unknown key.
    public subscript(key: String) -> Double? {
        switch key {
        case "precision@10": precision10
        case "recall@10": recall10
        case "ndcg@10": ndcg10
        case "map@10": map10
        case "hit@10": hit10
        case "precision@20": precision20
        case "recall@20": recall20
        case "ndcg@20": ndcg20
        case "map@20": map20
        case "hit@20": hit20
        case "coverage": coverage
        case "novelty": novelty
        case "personalisation": personalisation
        default: nil
        }
    }
}
