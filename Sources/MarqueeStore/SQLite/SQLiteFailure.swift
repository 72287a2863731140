import GRDB

/// The SQLite error beneath a ``StoreError``: its result code and SQLite's message.
public struct SQLiteFailure: Error, Sendable, CustomStringConvertible {
    /// The extended SQLite result code, e.g. 26 for `SQLITE_NOTADB`.
    public let resultCode: Int32
    /// SQLite's own message.
    public let message: String

    init(_ error: DatabaseError) {
        self.resultCode = error.extendedResultCode.rawValue
        self.message = error.message ?? "SQLite error \(error.extendedResultCode.rawValue)"
    }

    public var description: String { "SQLite error \(resultCode): \(message)" }
}

extension StoreError {
    /// Maps any error thrown while using a SQLite store to a ``StoreError`` naming the file and the fix.
    ///
    /// - Parameters:
    ///   - error: what GRDB or SQLite threw.
    ///   - location: the store's file path, or `:memory:`.
    ///   - code: the code to use when the failure is not one of the recognised conditions.
    ///   - action: what was being done, e.g. `storing a batch`.
    static func sqlite(_ error: any Error, location: String, code: Code, while action: String) -> StoreError {
        if let storeError = error as? StoreError { return storeError }
        if error is CancellationError {
            return StoreError(code, "\(action) in \(location) was cancelled; nothing of it was written", cause: CancellationError())
        }
        guard let databaseError = error as? DatabaseError else {
            return StoreError(code, "\(action) in \(location) failed: \(error)")
        }
        let failure = SQLiteFailure(databaseError)
        switch databaseError.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return StoreError(
                .corrupt,
                "\(location) is not a Marquee store: SQLite cannot read it as a database (\(failure.message)); "
                    + "point Marquee at a store it created, or move this file away to start a new store",
                cause: failure)
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return StoreError(
                code,
                "\(action) in \(location) failed: the store is locked by another process; "
                    + "wait for it to finish or stop it, then retry",
                cause: failure)
        case .SQLITE_FULL:
            return StoreError(
                code, "\(action) in \(location) failed: the disk is full; free some space and retry", cause: failure)
        case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_AUTH:
            return StoreError(
                code,
                "\(action) in \(location) failed: the store is not writable; check the permissions of the file and its directory",
                cause: failure)
        case .SQLITE_CANTOPEN:
            return StoreError(
                .cannotOpen,
                "cannot open the store \(location): check that its directory exists and is writable",
                cause: failure)
        case .SQLITE_IOERR:
            return StoreError(
                code, "\(action) in \(location) failed with an I/O error; check the disk and the file system", cause: failure)
        default:
            return StoreError(code, "\(action) in \(location) failed: \(failure.message)", cause: failure)
        }
    }
}
