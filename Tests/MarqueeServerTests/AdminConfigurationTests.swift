import MarqueeCore
import MarqueeServer
import Testing

struct AdminConfigurationTests {
    @Test(arguments: ["x", "s3cret-token", String(repeating: "a", count: 31)])
    func tokenShorterThan32BytesIsRefusedWithHowToMakeOne(_ token: String) {
        // When a short token is configured, then it is refused, and the message says how long and how to make one
        let error = #expect(throws: MarqueeError.self) { try AdminConfiguration(token: token) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.contains("32") == true && error?.message.contains("openssl rand") == true)
    }

    @Test func tokenOf32BytesEnablesTheAdminAPIAndNoTokenLeavesItOff() throws {
        #expect(try AdminConfiguration(token: String(repeating: "a", count: 32)).token?.utf8.count == 32)
        #expect(try AdminConfiguration(token: "").token == nil)
        #expect(try AdminConfiguration(token: nil).token == nil)
        #expect(AdminConfiguration().token == nil)
    }
}
