import Logging
import NIOCore
import PostgresNIO
import Synchronization

/// Every row of a query, already received, to decode without awaiting.
struct PostgresRows: Sendable {
    let rows: [PostgresRow]

    /// Decodes every row as `columns`.
    func decode<each Column: PostgresDecodable>(_ columns: (repeat each Column).Type) throws -> [(repeat each Column)] {
        var decoded: [(repeat each Column)] = []
        decoded.reserveCapacity(rows.count)
        for row in rows { decoded.append(try row.decode(columns)) }
        return decoded
    }
}

/// The connection closed before its query finished: PostgreSQL restarted or failed over, `pg_terminate_backend`, or
/// the network dropped it. ``StoreError/postgres(_:location:server:code:while:)`` maps it to the operation's error.
struct PostgresConnectionLost: Error, Sendable, CustomStringConvertible {
    var description: String { "the connection closed before the query finished" }
}

extension PostgresConnection {
    /// Runs `query` and returns every row it produced, read without back-pressure; fails with
    /// ``PostgresConnectionLost`` as soon as the connection closes before the query finished.
    ///
    /// Every query of ``PostgresEventStore`` goes through here (or ``run(_:logger:)``), not through
    /// `for try await row in connection.query(…)`, the obvious path, for two faults of postgres-nio 1.33.2 (the only
    /// version available) when the server closes the connection mid-query (a PostgreSQL restart or failover,
    /// `pg_terminate_backend`):
    /// - the async row sequence traps in `RowStreamStateMachine.channelReadComplete()` ("How can we receive a body part,
    ///   after a channelReadComplete, but no read has been forwarded yet") when the close arrives while the sequence
    ///   waits for its consumer to ask for more rows: a replica's periodic read of the watch events killed the whole
    ///   process (`bench/chaos.sh`). The future-based query asks for more rows as each batch arrives, so the stream
    ///   never waits for demand (no trap in any cut-off read of the tests);
    /// - but the future-based query is not always completed when the connection dies, and a query written just after
    ///   it closed may not be either (a `ROLLBACK` waited forever in an earlier attempt). So the query's future races
    ///   the connection's `closeFuture`: whichever completes first decides, once.
    ///
    /// `PostgresConnectionLossTests` terminates the store's connections in the middle of large reads and writes: with
    /// the future-based query alone, 7 of 10 cut-off reads and 5 of 10 writes never returned; with the race, none. (It
    /// does not show the trap, which needs the async row sequence.) The rows are held until decoded; every caller
    /// collected them into an array anyway.
    func allRows(_ query: PostgresQuery, logger: Logger) async throws -> PostgresRows {
        let result: EventLoopFuture<PostgresQueryResult> = self.query(query, logger: logger)
        return PostgresRows(rows: try await result.unlessClosed(closeFuture).get().rows)
    }

    /// Runs a statement whose rows, if any, are not needed (`BEGIN`, an `INSERT`, a `SELECT … FOR UPDATE`), as
    /// ``allRows(_:logger:)`` does: it fails at once when the connection closes.
    func run(_ query: PostgresQuery, logger: Logger) async throws {
        _ = try await allRows(query, logger: logger)
    }
}

extension EventLoopFuture where Value: Sendable {
    /// This future's outcome, or ``PostgresConnectionLost`` when `closed` completes first; completed exactly once.
    ///
    /// Both callbacks run on their futures' event loops (for a connection's query and its `closeFuture`, the
    /// connection's one); the `Mutex` keeps the first outcome even if they did not.
    fileprivate func unlessClosed(_ closed: EventLoopFuture<Void>) -> EventLoopFuture<Value> {
        let promise = eventLoop.makePromise(of: Value.self)
        let settled = Mutex(false)
        let settle: @Sendable (Result<Value, any Error>) -> Void = { outcome in
            let first = settled.withLock { settled in
                defer { settled = true }
                return !settled
            }
            if first { promise.completeWith(outcome) }
        }
        whenComplete(settle)
        closed.whenComplete { _ in settle(.failure(PostgresConnectionLost())) }
        return promise.futureResult
    }
}
