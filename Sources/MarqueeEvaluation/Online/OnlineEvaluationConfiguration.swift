/// Settings of the online metric: how long and how much a user must watch for an answer to count as followed.
public struct OnlineEvaluationConfiguration: Hashable, Sendable, Codable {
    /// How long after an answer (event time) watches and ratings are attributed to it.
    public var windowSeconds: Double
    /// Minutes of one recommended movie the user must watch; films with a shorter runtime must be watched whole.
    public var minimumMinutes: Int
    /// The length of the time buckets of ``OnlineEvaluationReport/byPeriod``, by the answer's event time.
    public var periodSeconds: Double
    /// The confidence level of every interval.
    public var confidence: Double

    /// Creates settings; the defaults are a 24-hour window, 10 minutes, daily buckets and 95 % intervals.
    public init(windowSeconds: Double = 24 * 3600, minimumMinutes: Int = 10, periodSeconds: Double = 24 * 3600, confidence: Double = 0.95) {
        self.windowSeconds = windowSeconds
        self.minimumMinutes = minimumMinutes
        self.periodSeconds = periodSeconds
        self.confidence = confidence
    }

    /// Throws unless every setting can work.
    /// - Throws: `EvaluationError` with code `invalidConfiguration` naming the bad setting.
    public func validate() throws(EvaluationError) {
        guard windowSeconds.isFinite, windowSeconds > 0 else {
            throw EvaluationError(.invalidConfiguration, "window of \(windowSeconds) s must be positive, e.g. 86400 for a day")
        }
        guard minimumMinutes >= 1 else {
            throw EvaluationError(.invalidConfiguration, "minimum of \(minimumMinutes) watched minutes must be at least 1")
        }
        guard periodSeconds.isFinite, periodSeconds >= 1 else {
            throw EvaluationError(.invalidConfiguration, "period of \(periodSeconds) s must be at least 1 s, e.g. 86400 for days")
        }
        try ConfidenceInterval.validate(confidence: confidence)
    }

    /// What the metric is, where its data come from and how it is computed, for reports.
    public var definition: String {
        let hours = (windowSeconds / 3600).formatted
        let level = (confidence * 100).formatted
        return """
            1. Metric: follow-through, the share of answered recommendation requests after which the user watched at least \
            \(minimumMinutes) minutes of one recommended movie (the whole film when its runtime is shorter) within \(hours) h. \
            Secondary: the mean rating users gave, within the same window, to recommended movies they watched; and the licence \
            cost per watched minute and per view of recommended movies (one fee and one view per movie watched after an answer).
            2. Telemetry: Marquee's log of served answers (user, event time of the request, movies, model version, route), joined \
            with the streaming service's event log: watch lines, one per minute watched (GET /data/m/<movie>/<minute>.mpg), and \
            rate lines (GET /rate/<movie>=<rating>); runtimes and licence fees come from the movie API.
            3. Operationalisation: answers and events are ordered by event time and joined per user; a movie's watched minutes \
            are its distinct minute numbers logged in [t, t + \(hours) h] after the answer at t, so duplicate lines count once; \
            a watch or rating within the windows of several answers counts for each; answers whose window is not over by the \
            end of the observed data are left out as pending. Rates carry \(level) % Wilson intervals, mean ratings \(level) % \
            Student-t intervals; results are grouped by model version, by route and by period of the answer's event time.
            """
    }
}

extension Double {
    /// The number without a trailing `.0` when it is whole, e.g. `24` or `0.5`.
    fileprivate var formatted: String {
        self == rounded() && abs(self) < 1e15 ? String(Int(self)) : String(self)
    }
}
