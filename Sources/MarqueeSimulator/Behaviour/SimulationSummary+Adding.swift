import MarqueeCore

extension SimulationSummary {
    /// Adds the counts of a later run of the same scenario. Active users are summed per run, so a user
    /// active in both runs counts twice.
    public mutating func add(_ other: SimulationSummary) {
        lines += other.lines
        bytes += other.bytes
        watchLines += other.watchLines
        rateLines += other.rateLines
        recommendationLines += other.recommendationLines
        accountLines += other.accountLines
        sessions += other.sessions
        activeUsers += other.activeUsers
        requests += other.requests
        failedRequests += other.failedRequests
        timedOutRequests += other.timedOutRequests
        followedRecommendations += other.followedRecommendations
        sessionsFollowingRecommendations += other.sessionsFollowingRecommendations
        moviesStarted += other.moviesStarted
        moviesFinished += other.moviesFinished
        licenceCost += other.licenceCost
        faults.merge(other.faults, uniquingKeysWith: +)
        firstEventTime = [firstEventTime, other.firstEventTime].compactMap { $0 }.min()
        lastEventTime = [lastEventTime, other.lastEventTime].compactMap { $0 }.max()
    }
}
