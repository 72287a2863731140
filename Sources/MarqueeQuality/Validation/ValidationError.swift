/// Why expectations could not be read or applied; the message says what to do.
public struct ValidationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong and how to fix it.
    public let message: String

    /// Creates an error.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
