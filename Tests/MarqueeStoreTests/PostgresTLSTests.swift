import Foundation
import MarqueeStore
import MarqueeTestSupport
import Testing

/// `sslmode=verify-ca` and `verify-full` against the throwaway PostgreSQL of `scripts/test.sh`, whose certificate a
/// test authority signed for the host name `localhost` only.
struct PostgresTLSTests {
    private static func authority(_ variable: String) throws -> String {
        try #require(
            ProcessInfo.processInfo.environment[variable],
            "\(variable) is not set: run scripts/test.sh, which starts PostgreSQL with TLS from a test authority and sets it")
    }

    /// The test server's URL with `host`, `sslmode` and `sslrootcert` replaced.
    private static func url(host: String, mode: String, authority: String) throws -> String {
        let server = try PostgresLocation(url: try #require(PostgresTestServer.url, "\(PostgresTestServer.unavailableMessage)"))
        return "postgres://\(server.username)@\(host):\(server.port)/\(server.database)?sslmode=\(mode)&sslrootcert=\(authority)"
    }

    private static func open(_ url: String) async throws {
        let store = try await PostgresEventStore(location: try PostgresLocation(url: url), configuration: .init(maximumConnections: 1))
        #expect(try await store.statistics().events.total >= 0)
        await store.close()
    }

    @Test(.enabled(if: PostgresTestServer.enabled))
    func verifyFullConnectsToTheServerItsAuthoritySignedForThatHost() async throws {
        try await Self.open(try Self.url(host: "localhost", mode: "verify-full", authority: try Self.authority("MARQUEE_POSTGRES_CA")))
    }

    @Test(.enabled(if: PostgresTestServer.enabled))
    func verifyFullRefusesAServerSignedByAnotherAuthority() async throws {
        let url = try Self.url(host: "localhost", mode: "verify-full", authority: try Self.authority("MARQUEE_POSTGRES_OTHER_CA"))
        let error = await #expect(throws: StoreError.self) { try await Self.open(url) }
        #expect(error?.code == .cannotOpen)
        #expect(error?.message.contains("sslrootcert") == true, "\(error?.message ?? "")")
    }

    @Test(.enabled(if: PostgresTestServer.enabled))
    func verifyFullRefusesACertificateForAnotherHostWhereVerifyCAAcceptsIt() async throws {
        let authority = try Self.authority("MARQUEE_POSTGRES_CA")
        // The certificate names localhost, not 127.0.0.1
        let error = await #expect(throws: StoreError.self) {
            try await Self.open(try Self.url(host: "127.0.0.1", mode: "verify-full", authority: authority))
        }
        #expect(error?.code == .cannotOpen)
        try await Self.open(try Self.url(host: "127.0.0.1", mode: "verify-ca", authority: authority))
    }

    @Test func parsesTheVerifyingModesAndRefusesARootCertificateWithoutThem() throws {
        let location = try PostgresLocation(url: "postgres://m@db:5432/marquee?sslmode=verify-full&sslrootcert=/etc/ca.pem")
        #expect(location.tls == .verifyFull && location.rootCertificate == "/etc/ca.pem")
        #expect(try PostgresLocation(url: "postgres://m@db/marquee?sslmode=verify-ca").tls.verifies)
        #expect(try !PostgresLocation(url: "postgres://m@db/marquee?sslmode=require").tls.verifies)
        let error = #expect(throws: StoreError.self) { try PostgresLocation(url: "postgres://m@db/marquee?sslmode=require&sslrootcert=/ca.pem") }
        #expect(error?.message.contains("verify-full") == true)
        #expect(throws: StoreError.self) { try PostgresLocation(url: "postgres://m@db/marquee?sslmode=verify-everything") }
    }
}
