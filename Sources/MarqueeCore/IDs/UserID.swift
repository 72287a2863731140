/// A user of the streaming service: a non-negative integer, as in the event log and the user API.
public struct UserID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The largest user id Marquee accepts; anything larger is rejected as malformed input.
    public static let maximum: Int64 = 999_999_999_999

    /// The numeric id.
    public let rawValue: Int64

    /// The largest valid id, which no real user has in practice: asking a model for it gives its cold-start answer.
    public static let highest = UserID(validated: maximum)

    private init(validated rawValue: Int64) {
        self.rawValue = rawValue
    }

    /// Creates a user id, or `nil` when `rawValue` is negative or above ``maximum``.
    public init?(_ rawValue: Int64) {
        guard rawValue >= 0, rawValue <= Self.maximum else { return nil }
        self.rawValue = rawValue
    }

    /// Parses a decimal user id such as `"4711"`; `nil` for anything else.
    public init?(parsing text: some StringProtocol) {
        guard !text.isEmpty, text.utf8.count <= 12, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            let value = Int64(text)
        else { return nil }
        self.init(value)
    }

    public static func < (lhs: UserID, rhs: UserID) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { String(rawValue) }
}
