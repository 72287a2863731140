/// The shape of every Marquee module's error: a message naming the problem and the fix, and an optional cause.
/// Its description, what a user reads, is the message followed by the cause in parentheses.
public protocol ActionableError: Error, Sendable, CustomStringConvertible {
    /// What went wrong and how to fix it.
    var message: String { get }
    /// The underlying error, if any.
    var cause: (any Error & Sendable)? { get }
}

extension ActionableError {
    public var description: String {
        if let cause { return "\(message) (\(cause))" }
        return message
    }
}
