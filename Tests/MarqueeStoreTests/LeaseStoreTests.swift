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
            #expect(try await store.acquireLease("lifecycle", holder: "a", now: 0, until: 100))
            // Then b cannot take it before it expires, and a can renew it
            #expect(try await !store.acquireLease("lifecycle", holder: "b", now: 99, until: 199))
            #expect(try await store.acquireLease("lifecycle", holder: "a", now: 99, until: 199))
            #expect(try await store.lease("lifecycle") == Lease(name: "lifecycle", holder: "a", expiresAt: 199))
            // And another lease is independent
            #expect(try await store.acquireLease("other", holder: "b", now: 99, until: 150))
            // When a stops renewing, b takes it once it has expired, and a's late renewal fails
            #expect(try await !store.acquireLease("lifecycle", holder: "b", now: 198, until: 298))
            #expect(try await store.acquireLease("lifecycle", holder: "b", now: 199, until: 299))
            #expect(try await !store.acquireLease("lifecycle", holder: "a", now: 200, until: 300))
            #expect(try await store.lease("lifecycle")?.holder == "b")
            // When b releases it, a takes it at once; a release by someone who does not hold it changes nothing
            try await store.releaseLease("lifecycle", holder: "a")
            #expect(try await store.lease("lifecycle")?.holder == "b")
            try await store.releaseLease("lifecycle", holder: "b")
            #expect(try await store.lease("lifecycle") == nil)
            #expect(try await store.acquireLease("lifecycle", holder: "a", now: 201, until: 301))
        }
    }

    @Test(arguments: EventStoreFactory.all)
    func ofManyContendersForAFreeLeaseExactlyOneGetsIt(factory: EventStoreFactory) async throws {
        try await factory.withStore { store in
            let winners = try await withThrowingTaskGroup(of: Bool.self) { group in
                for contender in 0..<8 {
                    group.addTask { try await store.acquireLease("lifecycle", holder: "p\(contender)", now: 0, until: 100) }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(winners == 1)
        }
    }
}
