import Foundation
import MarqueeCore

/// The state of one simulation: the clock, the sessions in flight, the output and its faults.
///
/// Lines come out in event-time order (except injected out-of-order faults): sessions wait in a
/// min-heap keyed by their next event, and day plans are merged in. Memory is bounded by concurrent
/// sessions plus the set of finished (user, movie) pairs, never by the log.
final class SimulationRun<Sink: EventLogSink, Provider: RecommendationProvider> {
    typealias Group = ThrowingTaskGroup<(Int, RecommendationResponse), any Error>

    let configuration: SimulatorConfiguration
    let movies: MovieCatalogue
    let taste: TasteModel
    let provider: Provider
    var sink: Sink
    var rng: Xoshiro256
    var faults: FaultInjector
    var summary = SimulationSummary()
    var formatter = TimeFormatter()
    /// Scratch buffer the current line is built in.
    var line: [UInt8] = []
    let popularity: AliasTable
    /// The least popular movie: the one a `popularity-shock` scenario turns into a blockbuster.
    let blockbuster: Int
    /// What a `shilling` scenario's accounts watch and rate at the top (see ``ShillingAttack``).
    let shillMovies: [Int]
    /// The simulator, for the ground truth of scenarios.
    let simulator: Simulator
    let hours: AliasTable
    let serverBytes: [UInt8]

    var queue = SessionQueue()
    var sessions: [Session] = []
    var freeSlots: [Int] = []
    /// `(user << 32) | movie` of movies users finished: they do not watch them again.
    var finished = Set<UInt64>()
    /// `(user << 32) | movie` being watched right now, so a user's two sessions never play the same movie at once.
    var watching = Set<UInt64>()
    /// One bit per user: seen in this run.
    var seenUsers: [UInt64]
    /// Per user activity level, mean 1.
    let activity: [Float]
    /// Users from this id on create their account during the run.
    let firstNewUser: Int

    /// The scenario day being planned.
    var day: Int
    var starts: [PlannedStart] = []
    var startIndex = 0
    /// Next planned start whose request is not issued yet, and the answers that came back.
    var issued = 0
    var inFlight = 0
    var responses: [Int: RecommendationResponse] = [:]

    /// Real-time pacing: how far simulated time is ahead of the clock, and how to wait.
    struct Pacing {
        /// Simulated microseconds between two looks at the clock.
        var step: Int64
        var ahead: (Int64) -> Duration
        var sleep: (Duration) async throws -> Void
    }

    var pacing: Pacing?
    private var nextPaceCheck = Int64.min

    init(simulator: Simulator, provider: Provider, sink: Sink) {
        configuration = simulator.configuration
        movies = simulator.catalogue.movies
        taste = simulator.taste
        self.provider = provider
        self.sink = sink
        day = configuration.firstDay - 1
        let runSeed = configuration.seed ^ SplitMix64.mix(UInt64(configuration.firstDay) &+ 0x5253)
        rng = Xoshiro256(seed: SplitMix64.mix(runSeed ^ 0x5345_5353_494F_4E))
        faults = FaultInjector(seed: runSeed, rate: configuration.faultRate)
        popularity = AliasTable(weights: movies.popularity)
        let priors = simulator.catalogue.movies.popularity
        blockbuster = priors.indices.min { priors[$0] < priors[$1] } ?? 0
        hours = AliasTable(weights: UserBehaviour.hourWeights)
        serverBytes = Array(configuration.recommendationServer.utf8)
        let users = simulator.catalogue.users
        seenUsers = [UInt64](repeating: 0, count: (users.count + 63) / 64)
        activity = (0..<users.count).map { Float(users.activity(of: $0)) }
        firstNewUser = users.count - Int((Double(users.count) * configuration.newAccountShare).rounded())
        line.reserveCapacity(1024)
        shillMovies = simulator.shillingAttack(accounts: 0).plan
        self.simulator = simulator
    }

    /// Runs the whole simulation.
    func run() async throws -> SimulationSummary {
        try await withThrowingTaskGroup(of: (Int, RecommendationResponse).self) { group in
            try await loop(&group)
        }
        try releaseAllDelayed()
        try sink.flush()
        summary.activeUsers = seenUsers.reduce(0) { $0 + $1.nonzeroBitCount }
        return summary
    }

    private func loop(_ group: inout Group) async throws {
        while true {
            if startIndex == starts.count, day + 1 < configuration.firstDay + configuration.days {
                day += 1
                planDay(day)
                continue
            }
            let nextStart = startIndex < starts.count ? starts[startIndex].time : .max
            if let pacing {
                let next = min(queue.first?.time ?? .max, nextStart)
                if next != .max, next >= nextPaceCheck {
                    nextPaceCheck = next + pacing.step
                    let ahead = pacing.ahead(next)
                    if ahead > .milliseconds(1) {
                        try sink.flush()
                        try await pacing.sleep(ahead)
                    }
                }
            }
            if let top = queue.first, top.time <= nextStart {
                try advance(slot: Int(top.slot), at: top.time)
            } else if startIndex < starts.count {
                try await begin(starts[startIndex], index: startIndex, group: &group)
                startIndex += 1
            } else {
                return
            }
        }
    }

    // MARK: Sessions

    private func begin(_ start: PlannedStart, index: Int, group: inout Group) async throws {
        let user = Int(start.user)
        seenUsers[user >> 6] |= 1 << UInt64(user & 63)
        if start.kind == .account {
            try writeAccount(time: start.time, user: user)
            return
        }
        summary.sessions += 1
        var session = Session(user: user, taste: sessionTaste(of: user, at: start.time), phase: .choose)
        session.shocked = isShocked(at: start.time)
        var due = start.time
        if start.kind == .shill {
            session.shillPlan = shillMovies
        } else if provider.makesRequests {
            let response = try await response(for: index, group: &group)
            let request = normalise(response, user: user)
            summary.requests += 1
            if request.status != 200 { summary.failedRequests += 1 }
            session.recommended = request.movies
            session.request = request
            session.phase = .showRecommendations
            due += Int64(request.milliseconds) * 1000
        }
        let slot: Int
        if let free = freeSlots.popLast() {
            sessions[free] = session
            slot = free
        } else {
            sessions.append(session)
            slot = sessions.count - 1
        }
        queue.insert(slot: slot, at: due)
    }

    /// Handles the next event of the session at the top of the queue.
    private func advance(slot: Int, at time: Int64) throws {
        switch sessions[slot].phase {
        case .showRecommendations:
            if let request = sessions[slot].request {
                try writeRecommendation(request, time: time, user: sessions[slot].user)
                sessions[slot].request = nil
            }
            choose(slot: slot, at: time)
        case .choose:
            choose(slot: slot, at: time)
        case .watch:
            try writeWatch(slot: slot, time: time)
            sessions[slot].minute += 1
            if sessions[slot].minute < sessions[slot].minutes {
                queue.rescheduleFirst(at: time + 60_000_000)
            } else {
                endMovie(slot: slot, at: time)
            }
        case .rate:
            let session = sessions[slot]
            try writeRate(time: time, user: session.user, movie: session.movie, rating: session.rating)
            afterMovie(slot: slot, at: time)
        }
    }

    private func choose(slot: Int, at time: Int64) {
        guard let (movie, followed) = pickMovie(for: sessions[slot]) else {
            endSession()
            return
        }
        let user = sessions[slot].user
        let affinity = affinity(sessions[slot], for: movie)
        let runtime = movies.runtimes[movie]
        let isShill = !sessions[slot].shillPlan.isEmpty
        let minutes = isShill ? runtime : UserBehaviour.minutesWatched(affinity: affinity, runtime: runtime, using: &rng)
        let rating =
            isShill
            ? configuration.ratingScale.maximum
            : UserBehaviour.rating(
                affinity: affinity, generosity: sessions[slot].taste.generosity, finished: minutes == runtime,
                maximum: configuration.ratingScale.maximum, using: &rng)
        summary.moviesStarted += 1
        summary.licenceCost += movies.costs[movie]
        if followed {
            summary.followedRecommendations += 1
            if !sessions[slot].followedRecommendation { summary.sessionsFollowingRecommendations += 1 }
            sessions[slot].followedRecommendation = true
        }

        var infix: [UInt8] = sessions[slot].watchInfix
        infix.removeAll(keepingCapacity: true)
        infix.append(UInt8(ascii: ","))
        TimeFormatter.append(user, to: &infix)
        infix.append(contentsOf: ",GET /data/m/".utf8)
        infix.append(contentsOf: movies.slugBytes[movie])
        infix.append(UInt8(ascii: "/"))
        sessions[slot].watchInfix = infix
        sessions[slot].started.append(movie)
        watching.insert(UInt64(user) << 32 | UInt64(movie))
        sessions[slot].movie = movie
        sessions[slot].minute = 0
        sessions[slot].minutes = minutes
        sessions[slot].rating = rating ?? 0
        sessions[slot].phase = .watch
        queue.rescheduleFirst(at: wholeSeconds(time + seconds(in: UserBehaviour.choiceDelaySeconds)))
    }

    private func endMovie(slot: Int, at time: Int64) {
        let session = sessions[slot]
        watching.remove(UInt64(session.user) << 32 | UInt64(session.movie))
        if session.minutes == movies.runtimes[session.movie] {
            finished.insert(UInt64(session.user) << 32 | UInt64(session.movie))
            summary.moviesFinished += 1
        }
        if session.rating > 0 {
            sessions[slot].phase = .rate
            queue.rescheduleFirst(at: time + seconds(in: UserBehaviour.ratingDelaySeconds))
        } else {
            afterMovie(slot: slot, at: time)
        }
    }

    private func afterMovie(slot: Int, at time: Int64) {
        let session = sessions[slot]
        let continues =
            session.shillPlan.isEmpty
            ? session.started.count < UserBehaviour.maximumMoviesPerSession && rng.chance(UserBehaviour.continueProbability)
            : session.started.count < session.shillPlan.count
        if continues {
            sessions[slot].phase = .choose
            queue.rescheduleFirst(at: time + seconds(in: 60...900))
        } else {
            endSession()
        }
    }

    /// Ends the session at the top of the queue.
    private func endSession() {
        guard let top = queue.first else { return }
        queue.removeFirst()
        freeSlots.append(Int(top.slot))
    }

    /// The movie the user starts and whether it was recommended, or `nil` when they leave.
    private func pickMovie(for session: Session) -> (Int, Bool)? {
        if !session.shillPlan.isEmpty {
            return session.started.count < session.shillPlan.count ? (session.shillPlan[session.started.count], false) : nil
        }
        let user = UInt64(session.user) << 32
        for (position, movie) in session.recommended.prefix(UserBehaviour.visibleRecommendations).enumerated() {
            guard rng.chance(pow(UserBehaviour.attentionDecay, Double(position))) else { continue }
            if isUnavailable(movie, user: user, session: session) { continue }
            let affinity = affinity(session, for: movie)
            if rng.chance(UserBehaviour.followProbability(affinity: affinity)) { return (movie, true) }
        }
        if rng.chance(UserBehaviour.leaveWithoutWatching) { return nil }
        var best = -1
        var bestScore = -Double.infinity
        let showsBlockbuster = session.shocked && rng.chance(Self.blockbusterExposure)
        for candidate in 0..<UserBehaviour.browseCandidates {
            let movie = showsBlockbuster && candidate == 0 ? blockbuster : popularity.sample(using: &rng)
            if isUnavailable(movie, user: user, session: session) { continue }
            let score = affinity(session, for: movie) + 0.7 * rng.gumbel()
            if score > bestScore {
                best = movie
                bestScore = score
            }
        }
        return best >= 0 ? (best, false) : nil
    }

    /// Whether the user already started `movie` in this session, finished it before, or is watching it elsewhere.
    @inline(__always)
    private func isUnavailable(_ movie: Int, user: UInt64, session: Session) -> Bool {
        session.started.contains(movie) || finished.contains(user | UInt64(movie)) || watching.contains(user | UInt64(movie))
    }

    // MARK: Time helpers

    func seconds(in range: ClosedRange<Int>) -> Int64 { Int64(rng.integer(in: range)) * 1_000_000 }

    func wholeSeconds(_ time: Int64) -> Int64 { time - ((time % 1_000_000) + 1_000_000) % 1_000_000 }
}
