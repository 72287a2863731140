import MarqueeCore

/// Computes the online metric from served answers and the event log, in one pass over them in event-time order.
///
/// Feed answers with ``record(_:)-(ServedRecommendation)`` and events with ``record(_:)-(Event)`` in event-time order
/// (an answer before events of the same instant), then ask for ``report(observedUntil:)``. Memory holds the answers whose
/// window is still open, plus a placeholder per recently closed one: each is closed and added to its groups' sums as soon
/// as event time passes its end. Each event costs expected constant time per open answer of its user.
/// ``evaluate(answers:events:runtimes:licenceCosts:configuration:observedUntil:)`` does the ordering for stored data.
public struct OnlineEvaluator: Sendable {
    /// The settings.
    public let configuration: OnlineEvaluationConfiguration
    private let runtimes: [MovieID: Int]
    private let licenceCosts: [MovieID: Double]?
    private let windowMicroseconds: Int64
    private let periodMicroseconds: Int64

    /// Recommended movies numbered in order of first appearance, with what the metric needs of each.
    private var movieNumbers: [MovieID: Int32] = [:]
    private var neededMinutes: [Int] = []
    private var fees: [Double?] = []

    /// Answers whose window may still be open, in arrival order: `slots[i]` is answer number `firstSlot + i`.
    /// `closingHead` is the first slot not yet closed by the passing of time.
    private var slots: [OpenAnswer] = []
    private var firstSlot = 0
    private var closingHead = 0
    private var openByUser: [UserID: [Int]] = [:]
    private var latest: Int64?

    private var overall = OnlineMetricTally()
    private var byModelVersion: [String: OnlineMetricTally] = [:]
    private var byRoute: [String: OnlineMetricTally] = [:]
    private var byPeriod: [Int64: OnlineMetricTally] = [:]
    private var byModelVersionAndPeriod: [String: [Int64: OnlineMetricTally]] = [:]
    /// Per period, model version and route: what a rollup keeps of the answers closed here.
    private var byOutcomeKey: [OnlineOutcomeKey: OnlineMetricTally] = [:]
    /// Per route and user: followed answers and answers.
    private var byRouteAndUser: [String: [UserID: (followed: Int, answers: Int)]] = [:]

    private struct OpenAnswer: Sendable {
        var user: UserID
        var time: Int64
        /// The numbers of the recommended movies.
        var movies: [Int32]
        var modelVersion: String
        var route: String
        /// Distinct minute numbers watched in the window, per recommended movie number.
        var minutes: [Int32: Set<Int>] = [:]
        /// The last rating given in the window, per recommended movie number.
        var ratings: [Int32: Int] = [:]
        /// Whether the outcome is still to be added to the groups.
        var isOpen = true
    }

    /// Creates an evaluator.
    /// - Parameters:
    ///   - runtimes: runtime in minutes per movie; a movie without one must be watched ``OnlineEvaluationConfiguration/minimumMinutes``.
    ///   - licenceCosts: licence fee per view per movie, or `nil` to leave cost out.
    ///   - configuration: the settings.
    /// - Throws: `EvaluationError` with code `invalidConfiguration` for a bad setting.
    public init(
        runtimes: [MovieID: Int], licenceCosts: [MovieID: Double]? = nil, configuration: OnlineEvaluationConfiguration = .init()
    ) throws(EvaluationError) {
        try configuration.validate()
        self.configuration = configuration
        self.runtimes = runtimes
        self.licenceCosts = licenceCosts
        windowMicroseconds = Int64((configuration.windowSeconds * 1_000_000).rounded())
        periodMicroseconds = Int64((configuration.periodSeconds * 1_000_000).rounded())
    }

    /// Accounts for one served answer.
    public mutating func record(_ answer: ServedRecommendation) {
        advance(to: answer.time.microseconds)
        let movies = answer.movies.map { number(of: $0) }
        let sequence = firstSlot + slots.count
        slots.append(
            OpenAnswer(user: answer.user, time: answer.time.microseconds, movies: movies, modelVersion: answer.modelVersion, route: answer.route))
        openByUser[answer.user, default: []].append(sequence)
    }

    /// Accounts for one event of the log: watches and ratings of recommended movies; other kinds only advance time.
    public mutating func record(_ event: Event) {
        let time = event.time.microseconds
        advance(to: time)
        let watchedMinute: Int?
        let rating: Int?
        let movie: MovieID
        switch event.kind {
        case .watch(let watched, let minute): (movie, watchedMinute, rating) = (watched, minute, nil)
        case .rate(let rated, let value): (movie, watchedMinute, rating) = (rated, nil, value)
        case .recommendation, .accountCreated: return
        }
        guard let number = movieNumbers[movie], let sequences = openByUser[event.user] else { return }
        for sequence in sequences {
            let slot = sequence - firstSlot
            guard slots.indices.contains(slot), slots[slot].isOpen, time >= slots[slot].time,
                time - slots[slot].time <= windowMicroseconds, slots[slot].movies.contains(number)
            else { continue }
            if let watchedMinute { slots[slot].minutes[number, default: []].insert(watchedMinute) }
            if let rating { slots[slot].ratings[number] = rating }
        }
    }

    /// The metric so far; answers whose window ends after `observedUntil` are counted as pending.
    /// - Parameter observedUntil: the end of the observed data; `nil` for the latest time recorded. An earlier time does not
    ///   reopen answers that time recorded since has already closed.
    /// - Throws: `EvaluationError` only if the configuration's confidence were invalid, which `init` rules out.
    public func report(observedUntil: EventTime? = nil) throws(EvaluationError) -> OnlineEvaluationReport {
        var copy = self
        let end = observedUntil?.microseconds ?? latest
        let pending = copy.closeWindows(endingBy: end)
        let hasCosts = licenceCosts != nil
        let confidence = configuration.confidence
        func groups<Key: Comparable>(_ tallies: [Key: OnlineMetricTally], name: (Key) -> String) throws(EvaluationError) -> [OnlineMetricGroup] {
            var result: [OnlineMetricGroup] = []
            for key in tallies.keys.sorted() {
                guard let tally = tallies[key] else { continue }
                result.append(try OnlineMetricGroup(key: name(key), tally: tally, hasCosts: hasCosts, confidence: confidence))
            }
            return result
        }
        var report = OnlineEvaluationReport(
            configuration: configuration,
            observedUntil: end.map { EventTime(microseconds: $0).iso8601 },
            pendingAnswers: pending,
            overall: try OnlineMetricGroup(key: "all", tally: copy.overall, hasCosts: hasCosts, confidence: confidence),
            byModelVersion: try groups(copy.byModelVersion) { $0 },
            byRoute: try groups(copy.byRoute) { $0 },
            byPeriod: try groups(copy.byPeriod) { EventTime(microseconds: $0).iso8601 }
        )
        for (version, periods) in copy.byModelVersionAndPeriod {
            report.byModelVersionAndPeriod[version] = try groups(periods) { EventTime(microseconds: $0).iso8601 }
        }
        report.userFollowThroughByRoute = copy.byRouteAndUser.mapValues { users in
            users.sorted { $0.key < $1.key }.map { Double($0.value.followed) / Double($0.value.answers) }
        }
        return report
    }

    /// The tallies of the answers whose window is over by `observedUntil` (`nil`: the latest time recorded), per period,
    /// model version and route, including those ``include(_:)`` added: what a rollup of closed periods keeps.
    public func closedOutcomes(observedUntil: EventTime? = nil) -> [OnlineOutcomeKey: OnlineMetricTally] {
        var copy = self
        _ = copy.closeWindows(endingBy: observedUntil?.microseconds ?? latest)
        return copy.byOutcomeKey
    }

    /// Adds tallies of answers closed before, e.g. a rollup's (``closedOutcomes(observedUntil:)``), to every group
    /// but the per-user rates, which they do not hold; their periods must be this configuration's.
    public mutating func include(_ closed: [OnlineOutcomeKey: OnlineMetricTally]) {
        for (key, tally) in closed {
            overall.merge(tally)
            byModelVersion[key.modelVersion, default: OnlineMetricTally()].merge(tally)
            byRoute[key.route, default: OnlineMetricTally()].merge(tally)
            byPeriod[key.periodStart, default: OnlineMetricTally()].merge(tally)
            byModelVersionAndPeriod[key.modelVersion, default: [:]][key.periodStart, default: OnlineMetricTally()].merge(tally)
            byOutcomeKey[key, default: OnlineMetricTally()].merge(tally)
        }
    }

    /// Closes every open answer whose window ends by `end`; returns how many stay open (all when `end` is `nil`).
    private mutating func closeWindows(endingBy end: Int64?) -> Int {
        var pending = 0
        for slot in slots.indices {
            guard slots[slot].isOpen else { continue }
            if let end, slots[slot].time + windowMicroseconds <= end {
                close(slot: slot)
            } else {
                pending += 1
            }
        }
        return pending
    }

    /// The number of `movie`, numbering it when it is new.
    private mutating func number(of movie: MovieID) -> Int32 {
        if let number = movieNumbers[movie] { return number }
        let number = Int32(neededMinutes.count)
        movieNumbers[movie] = number
        let runtime = runtimes[movie] ?? 0
        neededMinutes.append(runtime > 0 ? min(configuration.minimumMinutes, runtime) : configuration.minimumMinutes)
        fees.append(licenceCosts?[movie])
        return number
    }

    /// Moves event time forward to `time` and closes the answers whose window is over.
    private mutating func advance(to time: Int64) {
        guard latest.map({ time > $0 }) ?? true else { return }
        latest = time
        while closingHead < slots.count {
            // Answers may arrive slightly out of order: a closed slot is skipped, an open one stops the scan.
            if slots[closingHead].isOpen {
                guard slots[closingHead].time + windowMicroseconds < time else { break }
                close(slot: closingHead)
            }
            closingHead += 1
        }
        if closingHead > 4096, closingHead * 2 > slots.count {
            slots.removeFirst(closingHead)
            firstSlot += closingHead
            closingHead = 0
        }
    }

    /// Adds an open answer's outcome to its groups and forgets it; does nothing when it is already closed.
    private mutating func close(slot: Int) {
        guard slots[slot].isOpen else { return }
        let answer = slots[slot]
        // Keep the slot, as later slots' numbers depend on it, but free what it holds.
        slots[slot] = OpenAnswer(user: answer.user, time: answer.time, movies: [], modelVersion: "", route: "", isOpen: false)
        let sequence = firstSlot + slot
        if var sequences = openByUser[answer.user] {
            sequences.removeAll { $0 == sequence }
            openByUser[answer.user] = sequences.isEmpty ? nil : sequences
        }
        let outcome = outcome(of: answer)
        overall.add(outcome)
        byModelVersion[answer.modelVersion, default: OnlineMetricTally()].add(outcome)
        byRoute[answer.route, default: OnlineMetricTally()].add(outcome)
        var user = byRouteAndUser[answer.route, default: [:]][answer.user, default: (0, 0)]
        user.answers += 1
        if outcome.followed { user.followed += 1 }
        byRouteAndUser[answer.route, default: [:]][answer.user] = user
        let period = answer.time.floored(to: periodMicroseconds)
        byPeriod[period, default: OnlineMetricTally()].add(outcome)
        byModelVersionAndPeriod[answer.modelVersion, default: [:]][period, default: OnlineMetricTally()].add(outcome)
        byOutcomeKey[OnlineOutcomeKey(periodStart: period, modelVersion: answer.modelVersion, route: answer.route), default: OnlineMetricTally()]
            .add(outcome)
    }

    private func outcome(of answer: OpenAnswer) -> AnswerOutcome {
        var outcome = AnswerOutcome()
        // In movie-number order, so that sums of fees are added in the same order on every run.
        for (number, minutes) in answer.minutes.sorted(by: { $0.key < $1.key }) {
            let movie = Int(number)
            if minutes.count >= neededMinutes[movie] { outcome.followed = true }
            outcome.watchedMinutes += minutes.count
            outcome.views += 1
            if let fee = fees[movie] {
                outcome.licenceCost += fee
                outcome.costedMinutes += minutes.count
                outcome.costedViews += 1
            }
            if let rating = answer.ratings[number] { outcome.ratings.append(rating) }
        }
        return outcome
    }
}
