import MarqueeCore
import MarqueeEvaluation
import MarqueeTestSupport

/// Random timestamped interactions for property tests.
enum RandomEvaluationData {
    /// `users` users each with 1…`maximumPerUser` distinct movies of `movies`, at random times within 30 days (with
    /// deliberate ties), some rated, some barely watched; the same seed gives the same data.
    static func make(seed: UInt64, users: Int = 40, movies: Int = 30, maximumPerUser: Int = 15) -> EvaluationData {
        var random = SplitMix64(seed: seed)
        var interactions: [EvaluationData.Interaction] = []
        var demographics: [UserID: User] = [:]
        for u in 0..<users {
            let user = LogFixture.user(Int64(u))
            let count = min(movies, 1 + random.next(below: maximumPerUser))
            var chosen = Set<Int>()
            while chosen.count < count { chosen.insert(random.next(below: movies)) }
            for m in chosen.sorted() {
                let minutes = [0, 3, 20, 60, 100][random.next(below: 5)]
                let rating: Int? = random.next(below: 3) == 0 ? 1 + random.next(below: 5) : nil
                let time = LogFixture.time(random.next(below: 30) * 86_400 + random.next(below: 4) * 3_600)
                interactions.append(
                    .init(user: user, movie: EvaluationFixtures.movie(m), minutesWatched: minutes, rating: rating, time: time))
            }
            demographics[user] = User(
                id: user, age: 15 + random.next(below: 50), occupation: User.occupations[random.next(below: User.occupations.count)],
                gender: random.next(below: 2) == 0 ? "F" : "M")
        }
        return EvaluationData(interactions: interactions, users: demographics)
    }
}
