import MarqueeCore
import MarqueeModels
import MarqueeTestSupport
import Synchronization
import Testing

struct PrecomputedListsTests {
    @Test(arguments: ModelKind.personalised)
    func listsEqualTheModelsOwnAnswersWhateverTheThreadCount(kind: ModelKind) throws {
        let model = try kind.train()
        let users = model.personalisedUsers
        #expect(!users.isEmpty && users == users.sorted())
        let excluded: [UserID: Set<MovieID>] = [users[0]: [ModelFixtures.movie(cluster: 0, 0), ModelFixtures.movie(cluster: 1, 0)]]
        let one = PrecomputedLists(model: model, depth: 12, excluding: excluded, threads: 1)
        let two = PrecomputedLists(model: model, depth: 12, excluding: excluded, threads: 2)
        #expect(one.count == users.count)
        for user in users {
            let expected = model.recommend(for: user, count: 12, excluding: excluded[user] ?? []).map(\.movie)
            #expect(one.list(for: user) == expected)
            #expect(two.list(for: user) == expected)
        }
        #expect(one.list(for: UserID(999_999)!) == nil)
    }

    @Test func nonPersonalisedModelsHaveNoUsersToPrecompute() throws {
        let model = try ModelKind.popularity.train()
        #expect(model.personalisedUsers.isEmpty)
        #expect(PrecomputedLists(model: model).count == 0)
    }

    @Test func askedToStopFromTheStartItComputesNoList() throws {
        let model = try ModelKind.itemKNN.train()
        let lists = PrecomputedLists(model: model, threads: 2, stoppingWhen: { true })
        #expect(lists.count == 0)
        #expect(model.personalisedUsers.allSatisfy { lists.list(for: $0) == nil })
    }

    @Test func askedToStopAfterTheFirstChunkItKeepsThatChunksListsAndSkipsTheRest() throws {
        // Given a model of 2,500 users (three chunks of up to 1,000), and a stop raised once the first chunk has begun
        let model = try ModelKind.itemKNN.train(ModelFixtures.large(users: 2_500, movies: 120, perUser: 8))
        let users = model.personalisedUsers
        #expect(users.count > 2_000)
        let asked = Mutex(0)
        // When computing on one thread, so the chunks come in order
        let lists = PrecomputedLists(model: model, depth: 10, threads: 1) {
            asked.withLock { count in
                count += 1
                return count > 1
            }
        }
        // Then only the first chunk's users have lists, and theirs are the model's own answers
        #expect(lists.count == 1_000)
        for user in users.prefix(1_000) { #expect(lists.list(for: user) == model.recommend(for: user, count: 10, excluding: []).map(\.movie)) }
        #expect(users.dropFirst(1_000).allSatisfy { lists.list(for: $0) == nil })
    }
}
