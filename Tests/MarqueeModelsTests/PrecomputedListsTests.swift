import MarqueeCore
import MarqueeModels
import MarqueeTestSupport
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
}
