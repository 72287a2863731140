import PostgresNIO

/// The PostgreSQL error beneath a ``StoreError``: the server's SQLSTATE and message, or the client's failure.
public struct PostgresFailure: Error, Sendable, CustomStringConvertible {
    /// The SQLSTATE code, e.g. `28P01` for a wrong password; `nil` when the server did not answer.
    public let sqlState: String?
    /// What the server or the client said.
    public let message: String

    public var description: String { sqlState.map { "PostgreSQL error \($0): \(message)" } ?? "PostgreSQL client error: \(message)" }
}

extension StoreError {
    /// Maps any error thrown while using a PostgreSQL store to a ``StoreError`` naming the database and the fix.
    ///
    /// - Parameters:
    ///   - error: what postgres-nio threw (a transaction's error is unwrapped).
    ///   - location: the database's URL without password.
    ///   - server: `host:port`.
    ///   - code: the code to use when the failure is not one of the recognised conditions.
    ///   - action: what was being done, e.g. `storing a batch`.
    static func postgres(_ error: any Error, location: String, server: String, code: Code, while action: String) -> StoreError {
        if let storeError = error as? StoreError { return storeError }
        if let transaction = error as? PostgresTransactionError,
            let inner = transaction.closureError ?? transaction.beginError ?? transaction.commitError ?? transaction.rollbackError
        {
            return postgres(inner, location: location, server: server, code: code, while: action)
        }
        if error is PostgresConnectionLost {
            return StoreError(
                code, "\(action) in \(location) failed: the server closed the connection; is PostgreSQL still running at \(server)? Retry once it is",
                cause: PostgresFailure(sqlState: nil, message: "\(error)"))
        }
        if error is CancellationError {
            return StoreError(code, "\(action) in \(location) was cancelled; nothing of it was written", cause: CancellationError())
        }
        guard let psql = error as? PSQLError else {
            if Self.isTLSFailure("\(error)") { return tlsFailure("\(error)", location: location, server: server) }
            return StoreError(code, "\(action) in \(location) failed: \(error)")
        }
        if let info = psql.serverInfo {
            let state = info[.sqlState] ?? ""
            let failure = PostgresFailure(sqlState: state, message: info[.message] ?? "no message")
            return serverError(state: state, failure: failure, location: location, server: server, code: code, action: action)
        }
        // A connection closed after the server's error (57P01 when PostgreSQL restarts or `pg_terminate_backend` ends
        // it) fails its later queries with `clientClosedConnection` wrapping that error: report the server's reason, not
        // "the store was closed".
        if psql.code == .clientClosedConnection || psql.code == .serverClosedConnection, let cause = psql.underlying as? PSQLError {
            return postgres(cause, location: location, server: server, code: code, while: action)
        }
        let underlying = psql.underlying.map { "\($0)" } ?? "\(psql.code)"
        let failure = PostgresFailure(sqlState: nil, message: underlying)
        if Self.isTLSFailure(underlying) { return tlsFailure(underlying, location: location, server: server) }
        switch psql.code {
        case .connectionError:
            let reason = underlying.lowercased().contains("refused") ? "the connection was refused" : "the server could not be reached"
            return StoreError(
                .cannotOpen,
                "cannot connect to the store \(location): \(reason); is PostgreSQL running at \(server)? "
                    + "Start it, or correct the host and port in --store",
                cause: failure)
        case .serverClosedConnection, .uncleanShutdown:
            return StoreError(
                code, "\(action) in \(location) failed: the server closed the connection; is PostgreSQL still running at \(server)? Retry once it is",
                cause: failure)
        case .poolClosed, .clientClosedConnection:
            return StoreError(code, "\(action) in \(location) failed: the store was closed; open it again", cause: failure)
        case .sslUnsupported:
            return StoreError(
                .cannotOpen,
                "cannot connect to the store \(location): the server at \(server) does not offer TLS; add ?sslmode=disable or prefer to the URL",
                cause: failure)
        case .authMechanismRequiresPassword:
            return StoreError(
                .cannotOpen,
                "cannot connect to the store \(location): the server asks for a password; put it in the URL (postgres://user:password@…)",
                cause: failure)
        case .queryCancelled:
            return StoreError(code, "\(action) in \(location) was cancelled; nothing of it was written", cause: failure)
        default:
            return StoreError(code, "\(action) in \(location) failed: \(underlying)", cause: failure)
        }
    }

    /// Whether a client failure is TLS's: a certificate that does not verify, or a root certificate file that cannot be read.
    private static func isTLSFailure(_ text: String) -> Bool {
        text.contains("NIOSSL") || text.contains("BoringSSL") || text.lowercased().contains("certificate")
    }

    private static func tlsFailure(_ text: String, location: String, server: String) -> StoreError {
        StoreError(
            .cannotOpen,
            "cannot connect to the store \(location): TLS with \(server) failed (\(text)); with sslmode=verify-ca or verify-full the "
                + "server's certificate must be signed by an authority in sslrootcert (a readable PEM file), and with verify-full it must name "
                + "the host in the URL",
            cause: PostgresFailure(sqlState: nil, message: text))
    }

    private static func serverError(
        state: String, failure: PostgresFailure, location: String, server: String, code: Code, action: String
    ) -> StoreError {
        switch state {
        case "28P01", "28000":
            return StoreError(
                .cannotOpen,
                "cannot connect to the store \(location): PostgreSQL at \(server) refused the credentials; "
                    + "check the user and password in the URL, and pg_hba.conf",
                cause: failure)
        case "3D000":
            return StoreError(
                .cannotOpen,
                "cannot open the store \(location): the database does not exist; create it (createdb) or correct the URL", cause: failure)
        case "53300":
            return StoreError(
                code, "\(action) in \(location) failed: PostgreSQL at \(server) has no free connection; retry, or raise max_connections",
                cause: failure)
        case "57P01", "57P02", "57P03":
            return StoreError(
                code, "\(action) in \(location) failed: PostgreSQL at \(server) is shutting down or starting up; retry once it runs", cause: failure)
        case "23505":
            return StoreError(
                code, "\(action) in \(location) failed: another process wrote the same record first; read the store again",
                cause: failure)
        case "42501":
            return StoreError(
                code, "\(action) in \(location) failed: the user lacks a privilege; grant it, or use the database's owner",
                cause: failure)
        case "53100":
            return StoreError(code, "\(action) in \(location) failed: the database server's disk is full; free some space and retry", cause: failure)
        default:
            return StoreError(code, "\(action) in \(location) failed: \(failure.message)", cause: failure)
        }
    }
}
