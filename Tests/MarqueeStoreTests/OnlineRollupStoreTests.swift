import MarqueeCore
import MarqueeStore
import MarqueeTestSupport
import Testing

/// The contract of ``OnlineRollupStore``, run against each implementation: rows and state are written together, and
/// only over the state the folding process read.
struct OnlineRollupStoreTests {
    private static let day: Int64 = 86_400_000_000

    private static func outcome(day: Int64, version: String, route: String, answers: Int) -> OnlineOutcomeRow {
        OnlineOutcomeRow(
            periodStart: EventTime(microseconds: day * Self.day), modelVersion: version, route: route, answers: answers, followed: answers / 2,
            ratingCount: 3, ratingMean: 3.5, ratingSquaredDeviations: 1.25, watchedMinutes: 40, costedMinutes: 30, views: 4, costedViews: 3,
            licenceCost: 0.75)
    }

    private static func state(foldedBefore day: Int64, settings: String = "s") -> OnlineRollupState {
        OnlineRollupState(
            foldedBefore: EventTime(microseconds: day * Self.day), telemetryFrom: WallTime(microseconds: day * 1_000), settings: settings)
    }

    @Test(arguments: EventStoreFactory.all)
    func aFoldRecordsItsRowsAndStateTogether(factory: EventStoreFactory) async throws {
        try await factory.withStore { store async throws in
            // Given a new store, nothing is folded
            #expect(try await store.onlineRollupState() == nil)
            #expect(try await store.onlineOutcomes(since: nil).isEmpty)
            // When two days are folded
            let rows = [
                Self.outcome(day: 1, version: "v1", route: "production", answers: 10),
                Self.outcome(day: 1, version: "v2", route: "canary", answers: 3),
                Self.outcome(day: 2, version: "v1", route: "production", answers: 12),
            ]
            let views = [PeriodViewsRow(periodStart: EventTime(microseconds: Self.day), views: 9, costedViews: 8, licenceCost: 4.5)]
            #expect(
                try await store.recordOnlineFold(outcomes: rows, views: views, state: Self.state(foldedBefore: 3), expected: nil, clearing: false))
            // Then they read back as written, and from a period on
            #expect(try await store.onlineRollupState() == Self.state(foldedBefore: 3))
            #expect(try await store.onlineOutcomes(since: nil) == rows)
            #expect(try await store.onlineOutcomes(since: EventTime(microseconds: 2 * Self.day)) == [rows[2]])
            #expect(try await store.periodViews(since: nil) == views)
            #expect(try await store.periodViews(since: EventTime(microseconds: 2 * Self.day)).isEmpty)
        }
    }

    @Test(arguments: EventStoreFactory.all)
    func aFoldOverAStateSomeoneElseRecordedIsRefusedAndLeavesNothing(factory: EventStoreFactory) async throws {
        try await factory.withStore { store async throws in
            let first = [Self.outcome(day: 1, version: "v1", route: "production", answers: 10)]
            #expect(try await store.recordOnlineFold(outcomes: first, views: [], state: Self.state(foldedBefore: 2), expected: nil, clearing: false))
            // When another process, which read no state, folds the same day again
            let again = [Self.outcome(day: 1, version: "v1", route: "production", answers: 99)]
            let recorded = try await store.recordOnlineFold(
                outcomes: again, views: [], state: Self.state(foldedBefore: 2), expected: nil, clearing: false)
            // Then it is refused and the rows are the first fold's
            #expect(!recorded)
            #expect(try await store.onlineOutcomes(since: nil) == first)
            // And a fold over the recorded state is taken
            let next = [Self.outcome(day: 2, version: "v1", route: "production", answers: 5)]
            #expect(
                try await store.recordOnlineFold(
                    outcomes: next, views: [], state: Self.state(foldedBefore: 3), expected: Self.state(foldedBefore: 2), clearing: false))
            #expect(try await store.onlineOutcomes(since: nil) == first + next)
        }
    }

    @Test(arguments: EventStoreFactory.all)
    func ofManyProcessesFoldingAtOnceOneIsCounted(factory: EventStoreFactory) async throws {
        try await factory.withStore { store async throws in
            let recorded = try await withThrowingTaskGroup(of: Bool.self) { group in
                for contender in 1...6 {
                    group.addTask {
                        try await store.recordOnlineFold(
                            outcomes: [Self.outcome(day: 1, version: "v\(contender)", route: "production", answers: contender)], views: [],
                            state: Self.state(foldedBefore: 2), expected: nil, clearing: false)
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(recorded.filter(\.self).count == 1)
            #expect(try await store.onlineOutcomes(since: nil).count == 1)
        }
    }

    @Test(arguments: EventStoreFactory.all)
    func aFoldUnderNewSettingsClearsTheRowsOfTheOldOnes(factory: EventStoreFactory) async throws {
        try await factory.withStore { store async throws in
            let old = Self.state(foldedBefore: 3, settings: "old")
            #expect(
                try await store.recordOnlineFold(
                    outcomes: [Self.outcome(day: 1, version: "v1", route: "production", answers: 10)],
                    views: [PeriodViewsRow(periodStart: EventTime(microseconds: Self.day), views: 1, costedViews: 1, licenceCost: 1)], state: old,
                    expected: nil, clearing: false))
            let replacing = [Self.outcome(day: 2, version: "v1", route: "production", answers: 4)]
            #expect(
                try await store.recordOnlineFold(
                    outcomes: replacing, views: [], state: Self.state(foldedBefore: 3, settings: "new"), expected: old, clearing: true))
            #expect(try await store.onlineOutcomes(since: nil) == replacing)
            #expect(try await store.periodViews(since: nil).isEmpty)
            #expect(try await store.onlineRollupState()?.settings == "new")
        }
    }
}
