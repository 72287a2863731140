import MarqueeCore
import MarqueeStore
import MarqueeTestSupport
import Testing

/// The contract of ``LeaseStore``, run against each implementation.
struct LeaseStoreTests {
    @Test(arguments: EventStoreFactory.all)
    func oneHolderAtATimeUntilItsLeaseExpiresOrIsReleased(factory: EventStoreFactory) async throws {
        try await factory.withStore { store in
            // Given a lease taken by a until 100
            #expect(try await store.lease("lifecycle") == nil)
            #expect(try await store.acquireLease("lifecycle", holder: "a", now: WallTime(microseconds: 0), until: WallTime(microseconds: 100)) != nil)
            // Then b cannot take it before it expires, and a can renew it
            #expect(
                try await store.acquireLease("lifecycle", holder: "b", now: WallTime(microseconds: 99), until: WallTime(microseconds: 199)) == nil)
            #expect(
                try await store.acquireLease("lifecycle", holder: "a", now: WallTime(microseconds: 99), until: WallTime(microseconds: 199)) != nil)
            #expect(try await store.lease("lifecycle") == Lease(name: "lifecycle", holder: "a", expiresAt: WallTime(microseconds: 199), token: 1))
            // And another lease is independent
            #expect(try await store.acquireLease("other", holder: "b", now: WallTime(microseconds: 99), until: WallTime(microseconds: 150)) != nil)
            // When a stops renewing, b takes it once it has expired, and a's late renewal fails
            #expect(
                try await store.acquireLease("lifecycle", holder: "b", now: WallTime(microseconds: 198), until: WallTime(microseconds: 298)) == nil)
            #expect(
                try await store.acquireLease("lifecycle", holder: "b", now: WallTime(microseconds: 199), until: WallTime(microseconds: 299)) != nil)
            #expect(
                try await store.acquireLease("lifecycle", holder: "a", now: WallTime(microseconds: 200), until: WallTime(microseconds: 300)) == nil)
            #expect(try await store.lease("lifecycle")?.holder == "b")
            // When b releases it, a takes it at once; a release by someone who does not hold it changes nothing
            try await store.releaseLease("lifecycle", holder: "a")
            #expect(try await store.lease("lifecycle")?.holder == "b")
            try await store.releaseLease("lifecycle", holder: "b")
            #expect(try await store.lease("lifecycle") == nil)
            #expect(
                try await store.acquireLease("lifecycle", holder: "a", now: WallTime(microseconds: 201), until: WallTime(microseconds: 301)) != nil)
        }
    }

    @Test(arguments: EventStoreFactory.all)
    func ofManyContendersForAFreeLeaseExactlyOneGetsIt(factory: EventStoreFactory) async throws {
        try await factory.withStore { store in
            let winners = try await withThrowingTaskGroup(of: Bool.self) { group in
                for contender in 0..<8 {
                    group.addTask {
                        try await store.acquireLease(
                            "lifecycle", holder: "p\(contender)", now: WallTime(microseconds: 0), until: WallTime(microseconds: 100)) != nil
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(winners == 1)
        }
    }

    @Test(arguments: EventStoreFactory.all)
    func fencingTokenGrowsWhenTheLeasePassesToAnotherHolderAndNotWhenItIsRenewed(factory: EventStoreFactory) async throws {
        try await factory.withStore { store in
            // Given a lease taken by a, then renewed by a
            #expect(
                try await store.acquireLease("lifecycle", holder: "a", now: WallTime(microseconds: 0), until: WallTime(microseconds: 100))?.token == 1
            )
            #expect(
                try await store.acquireLease("lifecycle", holder: "a", now: WallTime(microseconds: 50), until: WallTime(microseconds: 150))?.token
                    == 1)
            // When b takes it once it has expired, and a's late renewal fails
            #expect(
                try await store.acquireLease("lifecycle", holder: "b", now: WallTime(microseconds: 150), until: WallTime(microseconds: 250))?.token
                    == 2)
            #expect(
                try await store.acquireLease("lifecycle", holder: "a", now: WallTime(microseconds: 151), until: WallTime(microseconds: 251)) == nil)
            #expect(try await store.lease("lifecycle")?.token == 2)
            // Then a release keeps the token, so the next holder's is higher still
            try await store.releaseLease("lifecycle", holder: "b")
            #expect(try await store.lease("lifecycle") == nil)
            #expect(
                try await store.acquireLease("lifecycle", holder: "a", now: WallTime(microseconds: 160), until: WallTime(microseconds: 260))?.token
                    == 3)
            // And a holder whose lease expired with nobody taking it over keeps its token when it renews late
            #expect(
                try await store.acquireLease("lifecycle", holder: "a", now: WallTime(microseconds: 400), until: WallTime(microseconds: 500))?.token
                    == 3)
        }
    }
}
