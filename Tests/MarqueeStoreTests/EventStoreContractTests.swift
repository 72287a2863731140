import Foundation
import MarqueeCore
import MarqueeStore
import MarqueeTestSupport
import Testing

/// The contract every ``EventStore`` keeps, run against each implementation.
struct EventStoreContractTests {
    private typealias F = LogFixture

    @Test(arguments: EventStoreFactory.all)
    func storesAndCountsEachEventKind(factory: EventStoreFactory) async throws {
        // Given a store and one event of each kind
        try await factory.withStore { store in
            let events = [
                F.account(1, at: 0), F.watch(1, "alien+1979", minute: 0, at: 1), F.watch(1, "alien+1979", minute: 1, at: 2),
                F.rate(1, "alien+1979", rating: 4, at: 3), F.recommendation(1, ["alien+1979", "heat+1995"], at: 4),
            ]
            // When they are stored
            let outcome = try await store.store(IngestBatch(source: "test", events: events))
            // Then each is stored once and counted by kind
            #expect(outcome == BatchOutcome(stored: 5, duplicates: 0, quarantined: 0))
            let statistics = try await store.statistics()
            #expect(statistics.events == .init(total: 5, watch: 2, rate: 1, recommendation: 1, account: 1))
            #expect(statistics.duplicates == 0)
        }
    }

    @Test(arguments: EventStoreFactory.all)
    func skipsAndCountsDuplicates_acrossAndWithinBatches(factory: EventStoreFactory) async throws {
        // Given a stored watch event
        try await factory.withStore { store in
            let watch = F.watch(7, "heat+1995", minute: 3, at: 10)
            _ = try await store.store(IngestBatch(source: "test", events: [watch]))
            // When the same event comes again, twice in one batch, beside a new one
            let outcome = try await store.store(IngestBatch(source: "test", events: [watch, watch, F.watch(7, "heat+1995", minute: 4, at: 11)]))
            // Then only the new one is stored, the others counted as duplicates, and derived data count it once
            #expect(outcome == BatchOutcome(stored: 1, duplicates: 2, quarantined: 0))
            let statistics = try await store.statistics()
            #expect(statistics.events.total == 2)
            #expect(statistics.duplicates == 2)
            #expect(try await store.interactions().map(\.minutesWatched) == [2])
        }
    }

    @Test(arguments: EventStoreFactory.all)
    func keepsEventsThatDifferInOneField(factory: EventStoreFactory) async throws {
        // Given events differing only in time, user, movie, minute or rating
        try await factory.withStore { store in
            let events = [
                F.watch(1, "heat+1995", minute: 0, at: 0), F.watch(1, "heat+1995", minute: 0, at: 1), F.watch(2, "heat+1995", minute: 0, at: 0),
                F.watch(1, "alien+1979", minute: 0, at: 0), F.watch(1, "heat+1995", minute: 1, at: 0),
                F.rate(1, "heat+1995", rating: 3, at: 0), F.rate(1, "heat+1995", rating: 4, at: 0),
            ]
            // When they are stored
            let outcome = try await store.store(IngestBatch(source: "test", events: events))
            // Then none is a duplicate
            #expect(outcome.stored == events.count)
            #expect(outcome.duplicates == 0)
        }
    }

    @Test(arguments: EventStoreFactory.all)
    func savesCheckpointWithTheBatch(factory: EventStoreFactory) async throws {
        // Given a store that has seen nothing of a source
        try await factory.withStore { store in
            #expect(try await store.position(of: "file:/log") == nil)
            // When two batches are stored with positions
            _ = try await store.store(IngestBatch(source: "file:/log", events: [F.account(1, at: 0)], position: SourcePosition(offset: 40)))
            _ = try await store.store(IngestBatch(source: "file:/log", events: [], position: SourcePosition(offset: 95)))
            // Then the position is the last one, and other sources are unaffected
            #expect(try await store.position(of: "file:/log") == SourcePosition(offset: 95))
            #expect(try await store.position(of: "file:/other") == nil)
        }
    }

    @Test(arguments: EventStoreFactory.all)
    func savesTheCheckpointsFileWithIt(factory: EventStoreFactory) async throws {
        // Given a store with a checkpoint in a file, and one stored before files were identified
        try await factory.withStore { store in
            let rotated = FileIdentity(device: 2049, inode: UInt64.max - 7)
            let current = FileIdentity(device: 2049, inode: 131_074)
            _ = try await store.store(IngestBatch(source: "file:/log", events: [], position: SourcePosition(offset: 40, file: rotated)))
            _ = try await store.store(IngestBatch(source: "file:/old", events: [], position: SourcePosition(offset: 7)))
            #expect(try await store.position(of: "file:/log") == SourcePosition(offset: 40, file: rotated))
            // When the log is rotated and a batch of the new file is stored
            _ = try await store.store(IngestBatch(source: "file:/log", events: [], position: SourcePosition(offset: 12, file: current)))
            // Then the checkpoint names the new file (inodes beyond Int64 included), and the other has none
            #expect(try await store.position(of: "file:/log") == SourcePosition(offset: 12, file: current))
            #expect(try await store.position(of: "file:/old") == SourcePosition(offset: 7))
        }
    }

    @Test(arguments: EventStoreFactory.all)
    func latestRatingFollowsEventTimeNotArrivalOrder(factory: EventStoreFactory) async throws {
        // Given ratings of one movie arriving out of order, over two batches
        try await factory.withStore { store in
            _ = try await store.store(IngestBatch(source: "test", events: [F.rate(5, "heat+1995", rating: 2, at: 100)]))
            _ = try await store.store(
                IngestBatch(source: "test", events: [F.rate(5, "heat+1995", rating: 5, at: 50), F.watch(5, "heat+1995", minute: 0, at: 20)]))
            // When the interactions are read
            let interactions = try await store.interactions()
            // Then the rating with the greatest time wins, and the last time is the greatest time
            #expect(interactions.count == 1)
            #expect(interactions.first?.latestRating == 2)
            #expect(interactions.first?.lastTime == F.time(100))
            #expect(interactions.first?.minutesWatched == 1)
        }
    }

    @Test(arguments: EventStoreFactory.all)
    func countsMinutesWatchedPerUserAndMovie(factory: EventStoreFactory) async throws {
        // Given watch events of two users and two movies over two batches
        try await factory.withStore { store in
            let first = (0..<30).map { F.watch(1, "heat+1995", minute: $0, at: $0) } + [F.watch(2, "heat+1995", minute: 0, at: 0)]
            let second = (30..<45).map { F.watch(1, "heat+1995", minute: $0, at: $0) } + [F.watch(1, "alien+1979", minute: 0, at: 99)]
            _ = try await store.store(IngestBatch(source: "test", events: first))
            _ = try await store.store(IngestBatch(source: "test", events: second))
            // When the interactions are read
            let interactions = try await store.interactions()
            // Then minutes are summed per pair and no rating is invented
            let minutes = Dictionary(uniqueKeysWithValues: interactions.map { ("\($0.user)/\($0.movie)", $0.minutesWatched) })
            #expect(minutes == ["1/heat+1995": 45, "1/alien+1979": 1, "2/heat+1995": 1])
            #expect(interactions.allSatisfy { $0.latestRating == nil })
            #expect(interactions.first { $0.movie == F.movie("heat+1995") && $0.user == F.user(1) }?.lastTime == F.time(44))
        }
    }

    @Test(arguments: EventStoreFactory.all)
    func storesRecommendationRequestsWithItemsOrError(factory: EventStoreFactory) async throws {
        // Given a successful and a failed recommendation request, stored out of time order
        try await factory.withStore { store in
            let success = F.recommendation(3, ["heat+1995", "alien+1979", "the+matrix+1999"], latency: 131, at: 20)
            let failure = F.failedRecommendation(4, error: "java.util.concurrent.TimeoutException: Request timeout to host:8082 after 800 ms", at: 10)
            _ = try await store.store(IngestBatch(source: "test", events: [success, failure, success]))
            // When they are read back
            let all = try await store.recommendationRequests(since: nil)
            let later = try await store.recommendationRequests(since: F.time(15))
            // Then both are there in time order, exactly as logged, and the duplicate is not
            #expect(all.map(\.time) == [F.time(10), F.time(20)])
            guard case .recommendation(let successRequest) = success.kind, case .recommendation(let failureRequest) = failure.kind else {
                Issue.record("fixtures are not recommendation events")
                return
            }
            #expect(all.map(\.request) == [failureRequest, successRequest])
            #expect(all.map(\.user) == [F.user(4), F.user(3)])
            #expect(later.map(\.request) == [successRequest])
        }
    }

    @Test(arguments: EventStoreFactory.all)
    func storesQuarantineCountsByReasonWithoutDoubling(factory: EventStoreFactory) async throws {
        // Given rejected lines of a source
        try await factory.withStore { store in
            let lines = [
                QuarantinedLine(source: "file:/log", offset: 0, line: "garbage", reason: .truncated, detail: "no comma"),
                QuarantinedLine(source: "file:/log", offset: 8, line: "x,y,z", reason: .badTimestamp, detail: "'x'"),
                QuarantinedLine(source: "file:/log", offset: 14, line: "x,y,w", reason: .badTimestamp, detail: "'x'"),
            ]
            // When they are stored twice, as when the source is read again
            let first = try await store.store(IngestBatch(source: "file:/log", events: [], quarantined: lines))
            let second = try await store.store(IngestBatch(source: "file:/log", events: [], quarantined: lines))
            // Then they are kept once and counted by reason
            #expect(first.quarantined == 3)
            #expect(second.quarantined == 0)
            let statistics = try await store.statistics()
            #expect(statistics.quarantine == .init(total: 3, byReason: ["truncated": 1, "bad_timestamp": 2]))
        }
    }

    @Test(arguments: EventStoreFactory.all)
    func statisticsEncodeToTheContractJSONShape(factory: EventStoreFactory) async throws {
        // Given a store with an event, a rejected line, a duplicate and catalogue records
        try await factory.withStore { store in
            try await store.upsert(users: [CatalogueFixture.user(1)])
            try await store.upsert(movies: [CatalogueFixture.movie("heat+1995")])
            let quarantined = QuarantinedLine(source: "s", offset: 0, line: "bad", reason: .truncated, detail: "d")
            let watch = F.watch(1, "heat+1995", minute: 0, at: 0)
            _ = try await store.store(IngestBatch(source: "s", events: [watch, watch], quarantined: [quarantined]))
            // When the statistics are encoded as JSON
            let data = try JSONEncoder.marquee().encode(try await store.statistics())
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            // Then the keys and values are those of the contract (which asks for at least these), plus telemetry
            #expect(Set(object.keys) == ["events", "quarantine", "duplicates", "users", "movies", "telemetry"])
            #expect(object["telemetry"] as? Int == 0)
            let events = try #require(object["events"] as? [String: Int])
            #expect(events == ["total": 1, "watch": 1, "rate": 0, "recommendation": 0, "account": 0])
            let quarantine = try #require(object["quarantine"] as? [String: Any])
            #expect(quarantine["total"] as? Int == 1)
            #expect(quarantine["by_reason"] as? [String: Int] == ["truncated": 1])
            #expect(object["duplicates"] as? Int == 1)
            #expect(object["users"] as? Int == 1)
            #expect(object["movies"] as? Int == 1)
        }
    }

    @Test(arguments: EventStoreFactory.all)
    func upsertsUsersAndMovies(factory: EventStoreFactory) async throws {
        // Given users and movies stored, then one of each replaced
        try await factory.withStore { store in
            try await store.upsert(users: [CatalogueFixture.user(1, age: 20), CatalogueFixture.user(2)])
            try await store.upsert(movies: [CatalogueFixture.movie("heat+1995"), CatalogueFixture.movie("alien+1979", cost: 0.5)])
            try await store.upsert(users: [CatalogueFixture.user(1, age: 21)])
            try await store.upsert(movies: [CatalogueFixture.movie("heat+1995", title: "Heat", popularity: 9)])
            // When they are read back
            let users = try await store.users()
            let movies = try await store.movies()
            // Then the latest records are there, once each, exactly as given
            #expect(users == [CatalogueFixture.user(1, age: 21), CatalogueFixture.user(2)])
            #expect(movies == [CatalogueFixture.movie("alien+1979", cost: 0.5), CatalogueFixture.movie("heat+1995", title: "Heat", popularity: 9)])
            #expect(try await store.userIDs() == [F.user(1), F.user(2)])
            #expect(try await store.movieIDs() == [F.movie("heat+1995"), F.movie("alien+1979")])
        }
    }

    @Test(arguments: EventStoreFactory.all)
    func keepsUsersSelfDescriptions_andReplacesThem(factory: EventStoreFactory) async throws {
        // Given users with and without free-text answers, one answer empty and one with quotes and a line break
        try await factory.withStore { store in
            var described = CatalogueFixture.user(1)
            described.likes = "the matrix, Alien (1979)\nheat and 'amelie'"
            described.dislikes = ""
            var onlyDislikes = CatalogueFixture.user(3)
            onlyDislikes.dislikes = "titanic"
            try await store.upsert(users: [described, CatalogueFixture.user(2), onlyDislikes])
            // When one of them answers again differently, and the records are read back
            var changed = described
            changed.likes = nil
            changed.dislikes = "cats (2019)"
            try await store.upsert(users: [changed])
            // Then every answer is kept exactly, nil stays nil, and the replacement wins
            #expect(try await store.users() == [changed, CatalogueFixture.user(2), onlyDislikes])
        }
    }

    @Test(arguments: EventStoreFactory.all)
    func moviesSeenOnlyInEventsAreNotCatalogueRecords(factory: EventStoreFactory) async throws {
        // Given a catalogue of one movie and events naming another
        try await factory.withStore { store in
            try await store.upsert(movies: [CatalogueFixture.movie("heat+1995")])
            _ = try await store.store(IngestBatch(source: "s", events: [F.watch(1, "alien+1979", minute: 0, at: 0)]))
            // When a record for the event-only movie arrives later
            #expect(try await store.movieIDs() == [F.movie("heat+1995")])
            try await store.upsert(movies: [CatalogueFixture.movie("alien+1979")])
            // Then it joins the catalogue, and the interaction still names it
            #expect(try await store.movieIDs() == [F.movie("heat+1995"), F.movie("alien+1979")])
            #expect(try await store.statistics().movies == 2)
            #expect(try await store.interactions().map(\.movie) == [F.movie("alien+1979")])
        }
    }

    @Test(arguments: EventStoreFactory.all)
    func catalogueGapsNameTheUsersAndMoviesOfEventsWithoutRecords(factory: EventStoreFactory) async throws {
        // Given a catalogue of user 1 and heat+1995, and events of users 1, 2 and 3 naming heat, alien and up
        try await factory.withStore { store in
            try await store.upsert(users: [CatalogueFixture.user(1)])
            try await store.upsert(movies: [CatalogueFixture.movie("heat+1995"), CatalogueFixture.movie("brazil+1985")])
            let events = [
                F.watch(1, "heat+1995", minute: 0, at: 0), F.watch(3, "up+2009", minute: 0, at: 1), F.rate(2, "alien+1979", rating: 4, at: 2),
                F.watch(3, "up+2009", minute: 1, at: 3), F.account(7, at: 4), F.recommendation(2, ["heat+1995"], at: 5),
            ]
            _ = try await store.store(IngestBatch(source: "s", events: events))
            // When the gaps are asked for, then they are the users and movies without records, each once, in order
            let gaps = try await store.catalogueGaps()
            #expect(gaps == CatalogueGaps(users: [F.user(2), F.user(3), F.user(7)], movies: [F.movie("alien+1979"), F.movie("up+2009")]))
            // And once their records are stored, there are none
            try await store.upsert(users: [2, 3, 7].map { CatalogueFixture.user($0) })
            try await store.upsert(movies: [CatalogueFixture.movie("alien+1979"), CatalogueFixture.movie("up+2009")])
            #expect(try await store.catalogueGaps().isEmpty)
        }
    }

    @Test(arguments: EventStoreFactory.all)
    func emptyBatchStoresNothing(factory: EventStoreFactory) async throws {
        // Given an empty store
        try await factory.withStore { store in
            // When an empty batch is stored
            let outcome = try await store.store(IngestBatch(source: "s", events: []))
            // Then nothing changes
            #expect(outcome == BatchOutcome())
            #expect(try await store.statistics() == StoreStatistics())
        }
    }

    @Test(arguments: EventStoreFactory.all)
    func readsWatchAndRateActivityInTimeOrderFromAGivenTime(factory: EventStoreFactory) async throws {
        try await factory.withStore { store in
            let events = [
                F.watch(2, "heat+1995", minute: 1, at: 30), F.account(3, at: 5), F.rate(1, "alien+1979", rating: 4, at: 20),
                F.watch(1, "alien+1979", minute: 0, at: 10), F.recommendation(1, ["heat+1995"], at: 15),
            ]
            _ = try await store.store(IngestBatch(source: "s", events: events))
            #expect(try await store.activity(since: nil) == [events[3], events[2], events[0]])
            #expect(try await store.activity(since: F.time(20)) == [events[2], events[0]])
        }
    }
    @Test(arguments: EventStoreFactory.all)
    func batchStoredAgainAfterACrashStoresNothingTwice(factory: EventStoreFactory) async throws {
        try await factory.withStore { store in
            // Given a batch of every kind, with rejected lines and a checkpoint, stored once
            let events = [
                F.account(1, at: 0), F.watch(1, "heat+1995", minute: 0, at: 1), F.rate(1, "heat+1995", rating: 5, at: 2),
                F.recommendation(1, ["heat+1995"], at: 3),
            ]
            let rejected = [QuarantinedLine(source: "file:/log", offset: 120, line: "oops", reason: .truncated, detail: "no comma")]
            let batch = IngestBatch(source: "file:/log", events: events, quarantined: rejected, position: SourcePosition(offset: 130))
            _ = try await store.store(batch)
            let before = try await store.statistics()
            // When the same batch comes again, as after a crash before the source's offset was committed
            let again = try await store.store(batch)
            // Then nothing is stored twice: events are duplicates, derived data and the quarantine unchanged
            #expect(again == BatchOutcome(stored: 0, duplicates: events.count, quarantined: 0))
            let after = try await store.statistics()
            #expect(after.events == before.events)
            #expect(after.quarantine == before.quarantine)
            #expect(after.duplicates == events.count)
            #expect(try await store.interactions().map(\.minutesWatched) == [1])
            #expect(try await store.recommendationRequests(since: nil).count == 1)
            #expect(try await store.position(of: "file:/log") == SourcePosition(offset: 130))
        }
    }
    @Test(arguments: EventStoreFactory.all)
    func readsDuringIngestOfNewMoviesAlwaysKnowEveryMovie(factory: EventStoreFactory) async throws {
        try await factory.withStore { store in
            // Given batches that each bring a movie never seen before, stored while the derived data are read
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for index in 0..<20 {
                        _ = try await store.store(IngestBatch(source: "s", events: [F.watch(1, "movie+\(index)+2001", minute: 0, at: index)]))
                    }
                }
                group.addTask {
                    // When interactions, activity and snapshots are read meanwhile
                    for _ in 0..<20 {
                        _ = try await store.interactions()
                        _ = try await store.activity(since: nil)
                        _ = try await store.interactions(within: try await store.currentSnapshotBounds())
                    }
                }
                try await group.waitForAll()
            }
            // Then no read met an event of a movie it did not know, and all arrived
            #expect(try await store.interactions().count == 20)
        }
    }
}
