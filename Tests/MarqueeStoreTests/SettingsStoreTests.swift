import MarqueeCore
import MarqueeStore
import MarqueeTestSupport
import Testing

/// The contract of ``SettingsStore`` and the service configuration kept in it, run against each implementation.
struct SettingsStoreTests {
    @Test(arguments: EventStoreFactory.all)
    func theFirstValueRecordedStaysUntilReplacedDeliberately(factory: EventStoreFactory) async throws {
        try await factory.withStore { store async throws in
            // Given a new store, nothing is recorded
            #expect(try await store.setting("service") == nil)
            // When two values are recorded if absent, the first stays
            #expect(try await store.recordSettingIfAbsent("service", value: "a", now: WallTime(microseconds: 1)) == "a")
            #expect(try await store.recordSettingIfAbsent("service", value: "b", now: WallTime(microseconds: 2)) == "a")
            #expect(try await store.setting("service") == "a")
            // And a deliberate replacement changes it
            try await store.replaceSetting("service", value: "c", now: WallTime(microseconds: 3))
            #expect(try await store.setting("service") == "c")
            #expect(try await store.setting("other") == nil)
        }
    }

    @Test(arguments: EventStoreFactory.all)
    func ofManyProcessesConfiguringANewStoreAllAgreeOnOneValue(factory: EventStoreFactory) async throws {
        try await factory.withStore { store async throws in
            let values = try await withThrowingTaskGroup(of: String.self) { group in
                for contender in 0..<8 {
                    group.addTask { try await store.recordSettingIfAbsent("service", value: "p\(contender)", now: WallTime(microseconds: 0)) }
                }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(values.count == 1)
        }
    }

    @Test(arguments: EventStoreFactory.all)
    func aStoreKeepsTheServiceConfigurationItWasFirstGiven(factory: EventStoreFactory) async throws {
        try await factory.withStore { store async throws in
            // Given a store first configured for the newer variant
            var newer = ServiceConfiguration.newer
            newer.selfDescriptionFields = SelfDescriptionFields(likes: "liked", dislikes: "disliked")
            #expect(
                try await store.agreedServiceConfiguration(given: newer, source: "--service-config newer.json", now: WallTime(microseconds: 1))
                    == newer)
            // When a later command gives nothing, it gets the store's
            #expect(
                try await store.agreedServiceConfiguration(given: nil, source: "the default configuration", now: WallTime(microseconds: 2)) == newer)
            #expect(try await store.recordedServiceConfiguration() == newer)
            // And one that gives the older variant is refused, naming the difference and the way to change it
            await #expect {
                _ = try await store.agreedServiceConfiguration(given: .older, source: "--rating-scale 5", now: WallTime(microseconds: 3))
            } throws: { error in
                guard let error = error as? StoreError else { return false }
                return error.code == .configurationConflict && error.message.contains("--rating-scale 5 differs")
                    && error.message.contains("rating_scale: 10 → 5") && error.message.contains("marquee config set")
            }
            // When it is changed deliberately, later commands get the new one
            try await store.replaceServiceConfiguration(with: .older, now: WallTime(microseconds: 4))
            #expect(
                try await store.agreedServiceConfiguration(given: nil, source: "the default configuration", now: WallTime(microseconds: 5)) == .older)
        }
    }

    @Test(arguments: EventStoreFactory.all)
    func aStoreNeverConfiguredRecordsTheOlderVariantsDefaults(factory: EventStoreFactory) async throws {
        try await factory.withStore { store async throws in
            #expect(try await store.recordedServiceConfiguration() == nil)
            #expect(
                try await store.agreedServiceConfiguration(given: nil, source: "the default configuration", now: WallTime(microseconds: 1)) == .older)
            #expect(try await store.recordedServiceConfiguration() == .older)
        }
    }
}
