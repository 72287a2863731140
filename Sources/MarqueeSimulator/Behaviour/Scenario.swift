/// A disturbance of the simulated service from a given scenario day on, to show that monitoring catches it.
public enum Scenario: Hashable, Sendable, CustomStringConvertible {
    /// The recommendation service is unreachable for `hours` hours from the start of `day`: every request in that
    /// window is logged with status 0.
    case outage(day: Int, hours: Double)
    /// From `day` on, a share `rate` of the log's lines is malformed or refers to unknown users and movies.
    case formatFault(day: Int, rate: Double)

    /// Parses `outage@DAY`, `outage@DAY:HOURS` (default 6 hours), `format-fault@DAY` or `format-fault@DAY:RATE`
    /// (default 0.2); `nil` for anything else.
    public init?(parsing text: String) {
        let parts = text.split(separator: "@", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        let arguments = parts[1].split(separator: ":", maxSplits: 1)
        guard let day = Int(arguments[0]), day >= 0 else { return nil }
        let value = arguments.count == 2 ? Double(arguments[1]) : nil
        if arguments.count == 2, value == nil { return nil }
        switch parts[0] {
        case "outage":
            let hours = value ?? 6
            guard hours > 0, hours <= 24 * 365 else { return nil }
            self = .outage(day: day, hours: hours)
        case "format-fault":
            let rate = value ?? 0.2
            guard rate > 0, rate <= 0.5 else { return nil }
            self = .formatFault(day: day, rate: rate)
        default:
            return nil
        }
    }

    public var description: String {
        switch self {
        case .outage(let day, let hours): "outage@\(day):\(hours)"
        case .formatFault(let day, let rate): "format-fault@\(day):\(rate)"
        }
    }
}
