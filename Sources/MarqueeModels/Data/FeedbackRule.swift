import MarqueeCore

/// How watch minutes and ratings of one (user, movie) combine into one implicit-feedback weight.
///
/// `weight = watchWeight × min(1, minutes / runtime) + ratingWeight × max(0, (rating − neutral) / (maximum − neutral))`,
/// and the pair is dropped (weight 0) when the user watched fewer than `minimumMinutes` without rating it, or rated it
/// at or below `dislikeRating`: a disliked movie is not positive feedback, however long it was watched.
/// A movie of unknown runtime counts as `defaultRuntime` minutes long.
public struct FeedbackRule: Hashable, Sendable, Codable {
    /// Minutes below which an unrated watch is noise (a trailer, a misclick).
    public var minimumMinutes: Int
    /// Weight of a fully watched movie.
    public var watchWeight: Float
    /// Weight added by the best rating.
    public var ratingWeight: Float
    /// Ratings at or below this drop the pair.
    public var dislikeRating: Int
    /// The rating that adds nothing.
    public var neutralRating: Int
    /// The top of the rating scale.
    public var maximumRating: Int
    /// Runtime assumed when the catalogue does not know it.
    public var defaultRuntime: Int

    /// Creates a rule; the defaults suit the 1–5 scale.
    public init(
        minimumMinutes: Int = 5, watchWeight: Float = 1, ratingWeight: Float = 1, dislikeRating: Int = 2, neutralRating: Int = 3,
        maximumRating: Int = 5, defaultRuntime: Int = 100
    ) {
        self.minimumMinutes = minimumMinutes
        self.watchWeight = watchWeight
        self.ratingWeight = ratingWeight
        self.dislikeRating = dislikeRating
        self.neutralRating = neutralRating
        self.maximumRating = maximumRating
        self.defaultRuntime = max(1, defaultRuntime)
    }

    /// The rule for the 1–10 scale of the newer service variant.
    public static let tenPointScale = FeedbackRule(dislikeRating: 4, neutralRating: 6, maximumRating: 10)

    /// The rule for a rating scale: the default on 1–5 (a dislike is 2 or less, 3 is neutral), ``tenPointScale`` on
    /// 1–10 (a dislike is 4 or less, 6 is neutral), and the same fractions (2/5, 3/5) of any other maximum.
    public init(scale: RatingScale) {
        switch scale.maximum {
        case 5: self.init()
        case 10: self = .tenPointScale
        default:
            let maximum = scale.maximum
            self.init(dislikeRating: (2 * maximum + 2) / 5, neutralRating: (3 * maximum + 2) / 5, maximumRating: maximum)
        }
    }

    /// The lowest rating that says the user liked the movie: the first above neutral (4 of 5, 7 of 10).
    public var likedRating: Int { neutralRating + 1 }

    /// The weight of one interaction; 0 means "no positive feedback".
    public func weight(minutesWatched: Int, rating: Int?, runtime: Int?) -> Float {
        if let rating, rating <= dislikeRating { return 0 }
        if rating == nil, minutesWatched < minimumMinutes { return 0 }
        let length = Float(max(1, runtime ?? defaultRuntime))
        let watched = watchWeight * min(1, Float(max(0, minutesWatched)) / length)
        var rated: Float = 0
        if let rating, maximumRating > neutralRating {
            rated = ratingWeight * max(0, Float(rating - neutralRating) / Float(maximumRating - neutralRating))
        }
        return watched + rated
    }
}
