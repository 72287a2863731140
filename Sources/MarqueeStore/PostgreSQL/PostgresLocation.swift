import Foundation

/// A PostgreSQL database to keep a store in, parsed from
/// `postgres://user:password@host:port/database[?sslmode=disable|prefer|require|verify-ca|verify-full][&sslrootcert=FILE]`.
public struct PostgresLocation: Hashable, Sendable, CustomStringConvertible {
    /// Whether to speak TLS with the server, and how far to trust it (libpq's `sslmode`).
    public enum TLSMode: String, Hashable, Sendable, CaseIterable {
        /// Plain TCP.
        case disable
        /// TLS when the server offers it, without checking its certificate (the default, as in libpq).
        case prefer
        /// TLS or no connection, without checking the server's certificate: encrypted, but whoever sits in between
        /// can pose as the server.
        case require
        /// TLS with a server certificate signed by a trusted authority (``PostgresLocation/rootCertificate``), whatever
        /// host name it names.
        case verifyCA = "verify-ca"
        /// As ``verifyCA``, and the certificate must name the host connected to.
        case verifyFull = "verify-full"

        /// Whether the server's certificate is checked.
        public var verifies: Bool { self == .verifyCA || self == .verifyFull }
    }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode
    /// The PEM file of the authorities trusted to sign the server's certificate (libpq's `sslrootcert`), for the
    /// verifying modes; `nil` trusts the system's authorities.
    public var rootCertificate: String?

    /// Creates a location.
    public init(
        host: String, port: Int = 5432, username: String, password: String? = nil, database: String, tls: TLSMode = .prefer,
        rootCertificate: String? = nil
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
        self.rootCertificate = rootCertificate
    }

    /// Whether `text` is meant as a PostgreSQL URL (`postgres://` or `postgresql://`).
    public static func isPostgresURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Parses a `postgres://` URL; the user name and password may be percent-encoded.
    /// - Throws: `StoreError.invalidLocation` naming the missing or malformed part.
    public init(url text: String) throws(StoreError) {
        let example = "postgres://user:password@localhost:5432/marquee"
        guard Self.isPostgresURL(text), let components = URLComponents(string: text) else {
            throw StoreError(.invalidLocation, "'\(Self.redacted(text))' is not a PostgreSQL URL; write it as \(example)")
        }
        guard let host = components.host, !host.isEmpty else {
            throw StoreError(.invalidLocation, "the PostgreSQL URL '\(Self.redacted(text))' names no host; write it as \(example)")
        }
        guard let user = components.user, !user.isEmpty else {
            throw StoreError(.invalidLocation, "the PostgreSQL URL '\(Self.redacted(text))' names no user; write it as \(example)")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            throw StoreError(.invalidLocation, "the PostgreSQL URL '\(Self.redacted(text))' names no database; write it as \(example)")
        }
        var tls = TLSMode.prefer
        var rootCertificate: String?
        for item in components.queryItems ?? [] {
            switch (item.name, item.value) {
            case ("sslmode", let value?) where TLSMode(rawValue: value) != nil:
                tls = TLSMode(rawValue: value) ?? .prefer
            case ("sslrootcert", let value?) where !value.isEmpty:
                rootCertificate = value
            default:
                throw StoreError(
                    .invalidLocation,
                    "the PostgreSQL URL '\(Self.redacted(text))' has an unknown option '\(item.name)=\(item.value ?? "")'; the options are "
                        + "sslmode=disable, prefer, require, verify-ca or verify-full, and sslrootcert=FILE (a PEM file of trusted authorities)")
            }
        }
        if rootCertificate != nil, !tls.verifies {
            throw StoreError(
                .invalidLocation,
                "the PostgreSQL URL '\(Self.redacted(text))' gives sslrootcert with sslmode=\(tls.rawValue), which does not check the "
                    + "server's certificate; use sslmode=verify-full (or verify-ca)")
        }
        self.init(
            host: host, port: components.port ?? 5432, username: user, password: components.password, database: database, tls: tls,
            rootCertificate: rootCertificate)
    }

    /// The URL without the password.
    public var description: String {
        var host = self.host
        if host.contains(":") { host = "[\(host)]" }
        return "postgres://\(username)@\(host):\(port)/\(database)"
    }

    /// The same server and credentials, another database (tests create one per test beside the one they are given).
    public func with(database: String) -> PostgresLocation {
        var copy = self
        copy.database = database
        return copy
    }

    /// `text` with any password replaced by `***`, for messages.
    static func redacted(_ text: String) -> String {
        guard var components = URLComponents(string: text), components.password != nil else { return text }
        components.password = "***"
        return components.string ?? text
    }
}
