import MarqueeCore

/// One answer Marquee served: who asked, when (event time), what they got, from which model and by which route.
///
/// Not a `ServedAnswer`: the online metric groups by ``route`` as a label, which is a route's text (``Route/text``)
/// for answers joined with telemetry, `unknown` for those no record matched, and any other group an evaluation
/// relabels answers with (a user's demographic group, a simulated provider's name).
public struct ServedRecommendation: Hashable, Sendable {
    /// The user the answer was for.
    public var user: UserID
    /// The event time of the request, comparable with the event log's times.
    public var time: EventTime
    /// The movies recommended, best first.
    public var movies: [MovieID]
    /// The version of the model that answered.
    public var modelVersion: String
    /// The group the online metric counts the answer in: how the user was routed (``Route/text``: `production`,
    /// `canary`, or an experiment's arm `ab:<name>:control|treatment`), `unknown`, or another label.
    public var route: String

    /// Creates a served answer.
    public init(user: UserID, time: EventTime, movies: [MovieID], modelVersion: String, route: String) {
        self.user = user
        self.time = time
        self.movies = movies
        self.modelVersion = modelVersion
        self.route = route
    }
}
