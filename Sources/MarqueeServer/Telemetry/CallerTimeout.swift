import Dispatch
import HTTPTypes

/// How long the caller of `/recommend` waits for an answer, when its proxy says so.
///
/// nginx stops waiting for a replica after its read timeout, answers the client from another replica or with a 504,
/// and sends nothing back to the replica but a closed connection. A replica that answers later has shown nothing to
/// anyone, and must not record the answer in telemetry as shown: the canary judge and the online metrics would count
/// an exposure that never happened. The shipped nginx configuration therefore sends its read timeout with every
/// request, as `X-Marquee-Timeout-Ms`; an answer that took at least that long is abandoned.
///
/// The time counts from when the server read the request's head off the connection: ``PrecomputedAnswerHandler``
/// stamps each head it passes to the router with that moment (replacing any stamp the client sent), so the wait for a
/// task on a busy machine counts too. nginx counts from when it sent the request, so an answer whose request waited
/// in the replica's socket before being read can still be recorded although nginx gave up on it: the check errs
/// towards recording. A caller that sends no timeout (a direct client) is never abandoned.
public struct CallerTimeout: Sendable, Equatable {
    /// The header carrying the caller's timeout in whole milliseconds.
    public static let headerName = "X-Marquee-Timeout-Ms"
    private static let field = HTTPField.Name(headerName)
    /// The server's own stamp: when the head was read, in `DispatchTime` uptime nanoseconds.
    private static let receivedField = HTTPField.Name("X-Marquee-Received-Uptime-Ns")

    /// How long the caller waits.
    public let duration: Duration
    /// When the server read the request's head, if its connection handler stamped it.
    let receivedUptimeNanoseconds: UInt64?

    /// The timeout `fields` state, or `nil` when they state none or not a whole number of milliseconds.
    public init?(_ fields: HTTPFields) {
        guard let field = Self.field, let text = fields[field], text.utf8.count <= 9, let milliseconds = Int(text), milliseconds >= 0 else {
            return nil
        }
        duration = .milliseconds(milliseconds)
        receivedUptimeNanoseconds = Self.receivedField.flatMap { fields[$0] }.flatMap { UInt64($0) }
    }

    /// Whether an answer given after `latency` (measured by the caller of this function), and `now` uptime
    /// nanoseconds after the head was read when it was stamped, came too late for the caller.
    public func abandons(after latency: Duration, now: UInt64 = DispatchTime.now().uptimeNanoseconds) -> Bool {
        var waited = latency
        if let receivedUptimeNanoseconds, now > receivedUptimeNanoseconds {
            waited = max(waited, .nanoseconds(now - receivedUptimeNanoseconds))
        }
        return waited >= duration
    }

    /// `head` without any stamp the client wrote, and with the server's stamp `received` when it states a timeout.
    static func stamping(_ head: HTTPRequest, received: UInt64) -> HTTPRequest {
        guard let receivedField = Self.receivedField else { return head }
        let statesTimeout = CallerTimeout(head.headerFields) != nil
        // Most requests state neither: they pass unchanged, without a copy of their head.
        guard statesTimeout || head.headerFields[receivedField] != nil else { return head }
        var head = head
        head.headerFields[receivedField] = statesTimeout ? String(received) : nil
        return head
    }
}
