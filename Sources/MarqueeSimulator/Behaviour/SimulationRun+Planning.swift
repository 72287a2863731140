import MarqueeCore

extension SimulationRun {
    static var dayMicroseconds: Int64 { 86_400_000_000 }

    /// Plans scenario day `day`: who comes when, and which new accounts are created.
    func planDay(_ day: Int) {
        var faultRate = configuration.faultRate
        for case .formatFault(let first, let rate) in configuration.scenarios where day >= first { faultRate = max(faultRate, rate) }
        faults.setRate(faultRate)
        starts.removeAll(keepingCapacity: true)
        startIndex = 0
        issued = 0
        responses.removeAll(keepingCapacity: true)
        let dayStart = configuration.start.microseconds + Int64(day) * Self.dayMicroseconds
        let dayEnd = dayStart + Self.dayMicroseconds
        var planner = Xoshiro256(seed: SplitMix64.mix(configuration.seed ^ SplitMix64.mix(UInt64(day) &+ 0x504C_414E)))
        let rate = configuration.dailyActivity
        for user in 0..<activity.count {
            var joined = Int64.min
            if user >= firstNewUser {
                joined = joinTime(of: user)
                if joined >= dayEnd { break }  // new users join in id order
                if joined >= dayStart {
                    starts.append(PlannedStart(time: joined, user: Int32(user), kind: .account))
                    let first = min(dayEnd - 1_000_000, joined + Int64(planner.integer(in: 30...900)) * 1_000_000)
                    starts.append(PlannedStart(time: first + Int64(planner.below(1_000_000)), user: Int32(user), kind: .session))
                }
            }
            let p = min(1, rate * Double(activity[user]))
            guard planner.unit() < p else { continue }
            let sessions = planner.chance(0.25) ? 2 : 1
            for _ in 0..<sessions {
                let hour = hours.sample(using: &planner)
                let offset = Int64(hour) * 3_600_000_000 + Int64(planner.below(3_600_000_000))
                let time = dayStart + offset
                if time > joined { starts.append(PlannedStart(time: time, user: Int32(user), kind: .session)) }
            }
        }
        planShilling(day, from: dayStart)
        starts.sort()
    }

    /// Adds the fake sessions of a `shilling` scenario on `day`, spread over its first 12 hours, with their own
    /// random stream so the rest of the day is the same as without the scenario.
    private func planShilling(_ day: Int, from dayStart: Int64) {
        var planner = Xoshiro256(seed: SplitMix64.mix(configuration.seed ^ SplitMix64.mix(UInt64(day) &+ 0x5348_494C)))
        for case .shilling(let first, let accounts) in configuration.scenarios where first == day {
            for user in simulator.shillingAttack(accounts: accounts).accounts {
                starts.append(PlannedStart(time: dayStart + Int64(planner.below(12 * 3_600_000_000)), user: Int32(user.rawValue), kind: .shill))
            }
        }
    }

    /// When new user `user` creates their account: new ids are spread evenly over the account growth days.
    func joinTime(of user: Int) -> Int64 {
        let newUsers = activity.count - firstNewUser
        let span = Double(Int64(configuration.accountGrowthDays) * Self.dayMicroseconds)
        let jitter = SplitMix64.unit(seed: configuration.seed, stream: Streams.joinTime, key: UInt64(user))
        let share = (Double(user - firstNewUser) + jitter) / Double(max(1, newUsers))
        return configuration.start.microseconds + Int64(share * span) / 1_000_000 * 1_000_000
    }

    // MARK: Recommendation requests

    /// The provider's answer for planned start `index`, keeping up to the configured number of calls in flight.
    func response(for index: Int, group: inout Group) async throws -> RecommendationResponse {
        let provider = self.provider
        while inFlight < configuration.maximumConcurrentRequests, issued < starts.count {
            let start = starts[issued]
            let position = issued
            issued += 1
            guard start.kind == .session, let user = UserID(Int64(start.user)) else { continue }
            if isInOutage(start.time) {
                responses[position] = .failure("java.net.ConnectException: Connection refused", latencyMilliseconds: 1)
                continue
            }
            group.addTask { (position, await provider.recommendations(for: user)) }
            inFlight += 1
        }
        while responses[index] == nil {
            guard let (position, response) = try await group.next() else { break }
            inFlight -= 1
            responses[position] = response
        }
        return responses.removeValue(forKey: index) ?? .failure("java.io.IOException: request was not made", latencyMilliseconds: 0)
    }

    /// Whether event time `time` (microseconds) falls in an `outage` scenario's window.
    func isInOutage(_ time: Int64) -> Bool {
        configuration.scenarios.contains { scenario in
            guard case .outage(let day, let hours) = scenario else { return false }
            let begin = configuration.start.microseconds + Int64(day) * Self.dayMicroseconds
            return time >= begin && time < begin + Int64(hours * 3_600_000_000)
        }
    }

    /// Applies the service's rules to an answer: too slow, not 200 or malformed means status 0.
    func normalise(_ response: RecommendationResponse, user: Int) -> RecommendationLine {
        let server = configuration.recommendationServer
        let timeout = configuration.requestTimeoutMilliseconds
        func failure(_ text: String, milliseconds: Int) -> RecommendationLine {
            var clean = Array(text.utf8.map { $0 == 0x0A || $0 == 0x0D ? UInt8(ascii: " ") : $0 }.prefix(300))
            if clean.isEmpty { clean = Array("java.io.IOException: request failed".utf8) }
            return RecommendationLine(status: 0, movies: [], result: clean, milliseconds: milliseconds)
        }
        if response.latencyMilliseconds > timeout {
            summary.timedOutRequests += 1
            return failure("java.util.concurrent.TimeoutException: Request timeout to \(server) after \(timeout) ms", milliseconds: timeout)
        }
        let milliseconds = response.latencyMilliseconds
        switch response.body {
        case .error(let text):
            return failure(text, milliseconds: milliseconds)
        case .items(let items):
            guard response.status == 200 else {
                let text =
                    response.status == 0
                    ? "java.io.IOException: request failed"
                    : "java.io.IOException: Server returned HTTP response code: \(response.status) for URL: http://\(server)/recommend/\(user)"
                return failure(text, milliseconds: milliseconds)
            }
            guard items.count <= UserBehaviour.visibleRecommendations else {
                return failure(
                    "java.lang.IllegalStateException: malformed response: \(items.count) items, at most 20 allowed", milliseconds: milliseconds)
            }
            var result: [UInt8] = []
            var known: [Int] = []
            for item in items {
                guard let id = MovieID(item) else {
                    let shown = String(item.unicodeScalars.filter { $0.isASCII && $0.value >= 0x20 }.prefix(40).map(Character.init))
                    return failure("java.lang.IllegalStateException: malformed response: '\(shown)' is not a movie id", milliseconds: milliseconds)
                }
                if !result.isEmpty { result.append(contentsOf: ", ".utf8) }
                result.append(contentsOf: id.slug.utf8)
                if let index = movies.index(of: id) { known.append(index) }
            }
            return RecommendationLine(status: 200, movies: known, result: result, milliseconds: milliseconds)
        }
    }
}
