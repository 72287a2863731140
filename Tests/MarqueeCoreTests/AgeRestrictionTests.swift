import MarqueeCore
import Testing

struct AgeRestrictionTests {
    private let explicit = MovieID("explicit+2001")!, family = MovieID("family+2001")!, unknown = MovieID("unknown+2001")!

    private func restriction(users: [User]) -> AgeRestriction {
        AgeRestriction(users: users, movies: [Movie(id: explicit, adult: true), Movie(id: family, adult: false), Movie(id: unknown)])
    }

    @Test func restrictsUsersUnder18_andAllowsFrom18() {
        let restriction = restriction(users: [User(id: UserID(1)!, age: 17), User(id: UserID(2)!, age: 18), User(id: UserID(3)!, age: 60)])
        #expect(restriction.restricts(UserID(1)!))
        #expect(!restriction.restricts(UserID(2)!) && !restriction.restricts(UserID(3)!))
        #expect(restriction.withheld(from: UserID(1)!) == [explicit])
        #expect(restriction.withheld(from: UserID(2)!).isEmpty)
    }

    @Test func restrictsUsersWithoutRecordOrAge_failingSafe() {
        let restriction = restriction(users: [User(id: UserID(1)!, age: nil)])
        #expect(restriction.restricts(UserID(1)!))
        #expect(restriction.restricts(UserID(99)!))
        #expect(!restriction.permits(explicit, for: UserID(99)!))
    }

    @Test func onlyMoviesRecordedAsAdultAreWithheld() {
        let restriction = restriction(users: [])
        #expect(restriction.adultMovies == [explicit])
        #expect(restriction.permits(family, for: UserID(1)!) && restriction.permits(unknown, for: UserID(1)!))
    }

    @Test func withoutAdultMoviesNobodyIsRestricted() {
        let restriction = AgeRestriction(users: [User(id: UserID(1)!, age: 12)], movies: [Movie(id: family, adult: false)])
        #expect(!restriction.restricts(UserID(1)!))
        #expect(!AgeRestriction().restricts(UserID(1)!))
    }
}
