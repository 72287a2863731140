import MarqueeCore

/// Erasure on request (SPEC.md §4: a user's data can be deleted). Both stores implement it; one contract suite tests
/// them (`Tests/MarqueeStoreTests/ForgettingStoreContractTests.swift`).
///
/// Forgetting a user deletes, in one transaction, everything the store keeps about them: their events (watches,
/// ratings, logged recommendation requests, account creation) and what is derived from them (interactions,
/// recommendation records, the catalogue-gap index), the server's telemetry of their answers, their user record (age,
/// occupation, gender, stated likes and dislikes) and the quarantined lines that name them. The event counters are
/// lowered by the deleted events. The user's id is then kept in a list of forgotten users, and every later write
/// consults it: events and quarantined lines of the user in a batch, telemetry of their answers and a fetched user
/// record are dropped, so that a log replayed or still naming them does not bring them back and the next training
/// leaves them out. The list holds ids only (and when), the least the store must keep to honour the erasure.
public protocol ForgettingStore: Sendable {
    /// Deletes everything stored about `user` and records them as forgotten at `wallTime`.
    /// Forgetting a user twice deletes what arrived since (nothing, as writes drop it) and keeps the first time.
    /// - Throws: ``StoreError`` when the store cannot be written; nothing is deleted then.
    func forget(user: UserID, at wallTime: WallTime) async throws(StoreError) -> ForgetReport

    /// The forgotten users, ascending.
    func forgottenUsers() async throws(StoreError) -> [UserID]
}

/// What forgetting a user deleted.
public struct ForgetReport: Hashable, Sendable, Codable {
    /// Events of the user (all kinds).
    public var events: Int
    /// Derived (user, movie) interactions.
    public var interactions: Int
    /// Logged recommendation requests for the user.
    public var recommendations: Int
    /// Telemetry records of answers to the user.
    public var telemetry: Int
    /// Quarantined lines naming the user.
    public var quarantined: Int
    /// Whether a user record (demographics, stated likes) was deleted.
    public var record: Bool

    /// Creates a report.
    public init(events: Int = 0, interactions: Int = 0, recommendations: Int = 0, telemetry: Int = 0, quarantined: Int = 0, record: Bool = false) {
        self.events = events
        self.interactions = interactions
        self.recommendations = recommendations
        self.telemetry = telemetry
        self.quarantined = quarantined
        self.record = record
    }
}

/// Which user a raw log line names, for lines the codec rejected: the integer between the first and second comma
/// (`<time>,<user>,…`), or up to the end of a line cut after it. A line whose user field is not an integer names nobody
/// that can be told (docs/responsible-ai.md, "Privacy").
enum LineAttribution {
    static func user(of line: String) -> Int64? {
        guard let first = line.utf8.firstIndex(of: UInt8(ascii: ",")) else { return nil }
        let rest = line.utf8[line.utf8.index(after: first)...]
        let field = rest.prefix { $0 != UInt8(ascii: ",") }
        guard !field.isEmpty, field.count <= 19, field.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return Int64(String(decoding: field, as: UTF8.self))
    }

    /// The substring every line naming `user` contains (a cheap filter before ``user(of:)`` decides).
    static func needle(for user: Int64) -> String { ",\(user)" }
}
