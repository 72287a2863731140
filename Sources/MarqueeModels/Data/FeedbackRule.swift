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
