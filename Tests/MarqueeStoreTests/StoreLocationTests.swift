import MarqueeStore
import Testing

struct StoreLocationTests {
    @Test func parsesAPostgresURLWithPortDatabaseAndTLSMode() throws {
        let location = try StoreLocation("postgres://marq%40ee:s3cr%2Ft@db.example:6543/events?sslmode=require")
        #expect(
            location
                == .postgres(
                    PostgresLocation(host: "db.example", port: 6543, username: "marq@ee", password: "s3cr/t", database: "events", tls: .require)))
    }

    @Test func describesAPostgresLocationWithoutItsPassword() throws {
        let location = try StoreLocation("postgresql://marquee:hunter2@localhost/marquee")
        #expect(location.description == "postgres://marquee@localhost:5432/marquee")
        #expect(!location.description.contains("hunter2"))
    }

    @Test func takesAnythingElseAsASQLitePath() throws {
        #expect(try StoreLocation("data/marquee.sqlite") == .sqlite(path: "data/marquee.sqlite"))
    }

    @Test(arguments: [
        ("postgres://localhost/marquee", "names no user"), ("postgres://u@localhost", "names no database"),
        ("postgres://u:pw@localhost/db?pool=3", "unknown option"), ("", "empty"),
    ])
    func refusesAnIncompleteLocationNamingWhatIsMissing(text: String, complaint: String) throws {
        let error = #expect(throws: StoreError.self) { try StoreLocation(text) }
        #expect(error?.code == .invalidLocation)
        #expect(error?.message.contains(complaint) == true, "\(error?.message ?? "")")
    }

    @Test func messagesHideThePassword() throws {
        let error = #expect(throws: StoreError.self) { try StoreLocation("postgres://u:hunter2@localhost/db?x=1") }
        #expect(error?.message.contains("hunter2") == false)
    }
}
