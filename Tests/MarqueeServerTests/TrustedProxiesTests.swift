import Testing

@testable import MarqueeServer

struct TrustedProxiesTests {
    private let proxies = TrustedProxies(["127.0.0.0/8", "10.0.0.0/24", "fd00::/8"].compactMap(TrustedProxies.Network.init))

    @Test func clientIsTheRightMostUntrustedAddress() {
        // Given a chain where the caller made up the left-most entry and two trusted proxies appended theirs
        let client = proxies.client(peer: "127.0.0.1", forwardedFor: ["6.6.6.6, 203.0.113.7", "10.0.0.3"])
        // Then the client is the address the first trusted proxy received the request from
        #expect(client == "203.0.113.7")
    }

    @Test func forwardedForFromAnUntrustedPeerIsIgnored() {
        #expect(proxies.client(peer: "198.51.100.9", forwardedFor: ["203.0.113.7"]) == "198.51.100.9")
        #expect(TrustedProxies.none.client(peer: "127.0.0.1", forwardedFor: ["203.0.113.7"]) == "127.0.0.1")
    }

    @Test func chainOfTrustedProxiesOnlyEndsAtItsLeftMostAddress() {
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: ["10.0.0.9, 10.0.0.3"]) == "10.0.0.9")
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: []) == "127.0.0.1")
    }

    @Test func entryThatIsNotAnAddressEndsTheWalkAtTheProxyThatWroteIt() {
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: ["203.0.113.7, garbage, 10.0.0.3"]) == "10.0.0.3")
    }

    @Test func matchesIPv6AndIPv4MappedPeers() {
        #expect(TrustedProxies.loopback.client(peer: "::1", forwardedFor: ["2001:db8::5"]) == "2001:db8::5")
        #expect(TrustedProxies.loopback.client(peer: "::ffff:127.0.0.1", forwardedFor: ["203.0.113.7"]) == "203.0.113.7")
        #expect(proxies.client(peer: "fd12::1", forwardedFor: ["[2001:db8::5]"]) == "[2001:db8::5]")
    }

    @Test func parsesAddressesAndNetworksAndRejectsOthers() {
        #expect(TrustedProxies.Network("10.0.0.5") != nil)
        #expect(TrustedProxies.Network("10.0.0.0/8") != nil)
        #expect(TrustedProxies.Network("::1") != nil)
        for bad in ["10.0.0.0/33", "10.0.0/8", "banana", "::1/129", "10.0.0.1/", ""] { #expect(TrustedProxies.Network(bad) == nil, "\(bad)") }
    }
}
