#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The reverse proxies whose `X-Forwarded-For` the server believes, as networks in CIDR notation.
///
/// A request's client is the right-most address of the chain `X-Forwarded-For, peer` that is not a trusted proxy:
/// each trusted proxy appends the address it received the request from, so everything right of the first untrusted
/// address was written by a proxy the operator runs, and everything left of it by whoever sent the request (who may
/// have made it up). From an untrusted peer the header is ignored entirely.
public struct TrustedProxies: Sendable, Hashable {
    /// One network, e.g. `10.0.0.0/8`, `::1/128` or a single address (a full-length prefix).
    public struct Network: Sendable, Hashable, CustomStringConvertible {
        /// The network's address as 16 bytes (IPv4 as IPv4-mapped IPv6).
        let bytes: [UInt8]
        /// The prefix length over those 16 bytes (an IPv4 `/8` is 104).
        let prefixLength: Int
        public let description: String

        /// Parses `a.b.c.d[/n]` or an IPv6 address with an optional `/n`; `nil` when it is not one.
        public init?(_ text: String) {
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count), let address = IPAddressBytes(String(parts[0])) else { return nil }
            let isV4 = parts[0].contains(".") && !parts[0].contains(":")
            let maximum = isV4 ? 32 : 128
            var length = maximum
            if parts.count == 2 {
                guard let parsed = Int(parts[1]), (0...maximum).contains(parsed) else { return nil }
                length = parsed
            }
            bytes = address.bytes
            prefixLength = length + (isV4 ? 96 : 0)
            description = text
        }

        /// Whether the 16-byte `address` lies in this network.
        func contains(_ address: [UInt8]) -> Bool {
            var remaining = prefixLength
            for index in 0..<16 where remaining > 0 {
                let bits = min(8, remaining)
                let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
                guard address[index] & mask == bytes[index] & mask else { return false }
                remaining -= bits
            }
            return true
        }
    }

    /// The trusted networks.
    public var networks: [Network]

    /// Trusts `networks`.
    public init(_ networks: [Network]) {
        self.networks = networks
    }

    /// The loopback networks, `127.0.0.0/8` and `::1`: a proxy on the same host, as in the shipped deployment tests.
    public static let loopback = TrustedProxies(["127.0.0.0/8", "::1/128"].compactMap(Network.init))
    /// No proxy: `X-Forwarded-For` is always ignored.
    public static let none = TrustedProxies([])

    /// Whether `address` (textual) is in a trusted network.
    func trusts(_ address: String) -> Bool {
        guard let parsed = IPAddressBytes(address) else { return false }
        return networks.contains { $0.contains(parsed.bytes) }
    }

    /// The address whose bucket a request counts against: the peer's, or, from a trusted peer, the right-most
    /// untrusted address of `forwardedFor` (the `X-Forwarded-For` values in order, each possibly a comma-separated list).
    /// An entry that is not an address ends the walk at the proxy that wrote it.
    func client(peer: String?, forwardedFor: [String]) -> String {
        guard let peer else { return "unknown" }
        guard !networks.isEmpty, trusts(peer) else { return peer }
        let chain = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingWhitespace() }
        var client = peer
        for entry in chain.reversed() {
            guard IPAddressBytes(entry) != nil else { return client }
            client = entry
            guard trusts(entry) else { return entry }
        }
        return client
    }
}

/// An IPv4 or IPv6 address in text, as 16 bytes (IPv4 as `::ffff:a.b.c.d`, so both families compare alike).
struct IPAddressBytes {
    let bytes: [UInt8]

    init?(_ text: String) {
        var address = text
        if address.hasPrefix("["), address.hasSuffix("]") { address = String(address.dropFirst().dropLast()) }
        // Raw buffers rather than in_addr/in6_addr: which C module those structs come from differs between builds
        // (Glibc or NIO's CNIOLinux), and a fresh build refused their initialisers under member import visibility.
        var v4 = [UInt8](repeating: 0, count: 4)
        var v6 = [UInt8](repeating: 0, count: 16)
        if inet_pton(AF_INET, address, &v4) == 1 {
            bytes = [UInt8](repeating: 0, count: 10) + [0xFF, 0xFF] + v4
        } else if inet_pton(AF_INET6, address, &v6) == 1 {
            bytes = v6
        } else {
            return nil
        }
    }
}

extension Substring {
    fileprivate func trimmingWhitespace() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
