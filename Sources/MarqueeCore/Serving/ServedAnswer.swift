/// What the service answered one request with: the movies, the model version that answered, the route that led to it,
/// and whether the fallback list answered.
///
/// The one value the server gives back (`Answer`), records as telemetry (`TelemetryRecord`) and reads back for
/// provenance and the online metric. The streaming service's own log of requests (`RecommendationRequest`) is a
/// different thing: what the service saw, in its format.
public struct ServedAnswer: Hashable, Sendable {
    /// The movies, best first.
    public var movies: [MovieID]
    /// The model version that answered (or whose fallback list did).
    public var modelVersion: String
    /// How the user reached that model.
    public var route: Route
    /// Whether the model missed its deadline, or the answer was shed, and the fallback list answered.
    public var usedFallback: Bool

    /// Creates an answer.
    public init(movies: [MovieID], modelVersion: String, route: Route, usedFallback: Bool) {
        self.movies = movies
        self.modelVersion = modelVersion
        self.route = route
        self.usedFallback = usedFallback
    }
}
