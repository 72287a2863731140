import Foundation
import MarqueeCore

// Ranking metrics of one recommendation list against one user's relevant (held-out, positive) movies.
// Relevance is binary. A list shorter than `k` counts its missing places as misses.

/// Share of the first `k` recommended movies that are relevant: hits in the top `k` divided by `k`.
public func precision(at k: Int, recommended: [MovieID], relevant: Set<MovieID>) -> Double {
    guard k > 0 else { return 0 }
    return Double(hits(at: k, recommended: recommended, relevant: relevant)) / Double(k)
}

/// Share of the relevant movies found in the first `k` recommended: hits in the top `k` divided by the number relevant.
public func recall(at k: Int, recommended: [MovieID], relevant: Set<MovieID>) -> Double {
    guard k > 0, !relevant.isEmpty else { return 0 }
    return Double(hits(at: k, recommended: recommended, relevant: relevant)) / Double(relevant.count)
}

/// Normalised discounted cumulative gain: Σ over relevant places i (0-based) in the top `k` of 1 / log2(i + 2),
/// divided by the same sum for an ideal list that puts min(k, |relevant|) relevant movies first.
public func ndcg(at k: Int, recommended: [MovieID], relevant: Set<MovieID>) -> Double {
    guard k > 0, !relevant.isEmpty else { return 0 }
    var dcg = 0.0
    for (place, movie) in recommended.prefix(k).enumerated() where relevant.contains(movie) {
        dcg += 1 / log2(Double(place + 2))
    }
    var ideal = 0.0
    for place in 0..<min(k, relevant.count) { ideal += 1 / log2(Double(place + 2)) }
    return dcg / ideal
}

/// Average precision: the mean over relevant places i (0-based) in the top `k` of precision at i + 1,
/// divided by min(k, |relevant|) so that a perfect list scores 1. MAP is its mean over users.
public func averagePrecision(at k: Int, recommended: [MovieID], relevant: Set<MovieID>) -> Double {
    guard k > 0, !relevant.isEmpty else { return 0 }
    var found = 0
    var sum = 0.0
    for (place, movie) in recommended.prefix(k).enumerated() where relevant.contains(movie) {
        found += 1
        sum += Double(found) / Double(place + 1)
    }
    return sum / Double(min(k, relevant.count))
}

/// 1 when at least one of the first `k` recommended movies is relevant, else 0.
public func hitRate(at k: Int, recommended: [MovieID], relevant: Set<MovieID>) -> Double {
    hits(at: k, recommended: recommended, relevant: relevant) > 0 ? 1 : 0
}

/// Number of relevant movies among the first `k` recommended (each movie counted once).
public func hits(at k: Int, recommended: [MovieID], relevant: Set<MovieID>) -> Int {
    guard k > 0 else { return 0 }
    var seen = Set<MovieID>()
    var count = 0
    for movie in recommended.prefix(k) where relevant.contains(movie) && seen.insert(movie).inserted { count += 1 }
    return count
}

// Metrics over all users' lists.

/// Catalogue coverage: the share of the catalogue (`catalogueSize` movies) that appears in at least one list.
public func catalogueCoverage(of lists: [[MovieID]], catalogueSize: Int) -> Double {
    guard catalogueSize > 0 else { return 0 }
    var distinct = Set<MovieID>()
    for list in lists { distinct.formUnion(list) }
    return Double(distinct.count) / Double(catalogueSize)
}

/// Novelty: the mean popularity rank (1 = most popular in training) of every recommended movie; higher is more novel.
/// A movie missing from `popularityRank` counts as one past the least popular (`popularityRank.count + 1`).
public func novelty(of lists: [[MovieID]], popularityRank: [MovieID: Int]) -> Double {
    var total = 0.0
    var count = 0
    for list in lists {
        for movie in list {
            total += Double(popularityRank[movie] ?? popularityRank.count + 1)
            count += 1
        }
    }
    return count == 0 ? 0 : total / Double(count)
}

/// Personalisation: the share of distinct lists among all lists (1 = every user gets their own list; 1/n = one list
/// for all). Lists are compared as ordered sequences, as users see them.
public func personalisation(of lists: [[MovieID]]) -> Double {
    guard !lists.isEmpty else { return 0 }
    return Double(Set(lists).count) / Double(lists.count)
}
