import MarqueeCore

extension SimulationRun {
    /// How much more everyone likes the blockbuster of a `popularity-shock` scenario, in affinity units.
    static var blockbusterBonus: Double { 2.5 }
    /// Chance that a browsing user of a shocked day is shown the blockbuster.
    static var blockbusterExposure: Double { 0.35 }

    /// The scenario day of event time `time` (microseconds).
    func scenarioDay(of time: Int64) -> Int {
        let offset = time - configuration.start.microseconds
        return Int(offset >= 0 ? offset / Self.dayMicroseconds : (offset - Self.dayMicroseconds + 1) / Self.dayMicroseconds)
    }

    /// The hidden taste of `user` in a session starting at `time`, turned around when a `taste-shift` scenario covers
    /// the user's group by then.
    func sessionTaste(of user: Int, at time: Int64) -> UserTaste {
        var userTaste = taste.taste(of: user)
        let today = scenarioDay(of: time)
        for case .tasteShift(let day, let group) in configuration.scenarios
        where today >= day && group.contains(isFemale: userTaste.profile.isFemale, ageBand: userTaste.profile.ageBand) {
            userTaste.groupSign = -1
        }
        return userTaste
    }

    /// Whether a `popularity-shock` scenario has begun by event time `time`.
    func isShocked(at time: Int64) -> Bool {
        let today = scenarioDay(of: time)
        return configuration.scenarios.contains { scenario in
            guard case .popularityShock(let day) = scenario else { return false }
            return today >= day
        }
    }

    /// The session user's affinity for `movie`, with the blockbuster's bonus during a popularity shock.
    @inline(__always)
    func affinity(_ session: Session, for movie: Int) -> Double {
        let base = Double(session.taste.affinity(movie, in: taste))
        return session.shocked && movie == blockbuster ? base + Self.blockbusterBonus : base
    }
}

