import Foundation

/// How simulated users react to what they see, as functions of their true affinity for a movie.
///
/// Affinities are roughly centred on 0 with a spread of about 1; a movie with affinity 1.5 is one
/// the user really likes. The constants are chosen so that a good recommender is followed often,
/// a popularity list sometimes and a random list rarely.
enum UserBehaviour {
    /// Of a recommendation list, users look at most at this many entries (the service shows 20).
    static let visibleRecommendations = 20
    /// Chance that the user still looks at the entry at a position, per position further down.
    static let attentionDecay = 0.8
    /// Number of movies a browsing user considers, drawn from the popularity prior.
    static let browseCandidates = 24
    /// Chance that a browsing user gives up without watching anything.
    static let leaveWithoutWatching = 0.04
    /// Chance of starting another movie after one ends, and the most movies per session.
    static let continueProbability = 0.2
    static let maximumMoviesPerSession = 4
    /// Seconds between seeing the recommendations (or giving up on one movie) and starting the next one.
    static let choiceDelaySeconds = 15...240
    /// Seconds between the last watched minute and the rating.
    static let ratingDelaySeconds = 20...600
    /// Hourly weights of when sessions start (local time of the log), with the evening peak.
    static let hourWeights: [Double] = [
        1.0, 0.6, 0.4, 0.3, 0.3, 0.4, 0.8, 1.2, 1.5, 1.7, 1.9, 2.2, 2.6, 2.6, 2.5, 2.6, 3.0, 3.6, 4.6, 5.6, 6.0, 5.4, 3.8, 2.0,
    ]

    @inline(__always)
    static func sigmoid(_ x: Double) -> Double { 1 / (1 + exp(-x)) }

    /// Chance that a user who looks at a recommended movie starts it.
    static func followProbability(affinity: Double) -> Double { 0.45 * sigmoid(2.5 * (affinity - 1.6)) }

    /// Chance of watching to the end.
    static func finishProbability(affinity: Double) -> Double { sigmoid(2.0 * (affinity - 0.6)) }

    /// Minutes watched of a movie of `runtime` minutes.
    static func minutesWatched(affinity: Double, runtime: Int, using rng: inout some RandomNumberGenerator) -> Int {
        if rng.chance(finishProbability(affinity: affinity)) { return runtime }
        let share = rng.unit() * (0.3 + 0.6 * sigmoid(affinity))
        return max(1, min(runtime - 1, Int(Double(runtime) * share)))
    }

    /// The rating given, or `nil` when the user does not rate; users rate finished movies more often.
    static func rating(
        affinity: Double, generosity: Double, finished: Bool, maximum: Int, using rng: inout some RandomNumberGenerator
    ) -> Int? {
        guard rng.chance(finished ? 0.3 : 0.08) else { return nil }
        let score = sigmoid(1.3 * (affinity + generosity - 0.9) + 0.8 * rng.gaussian() + 0.1)
        return min(maximum, max(1, Int((score * Double(maximum)).rounded(.up))))
    }
}
