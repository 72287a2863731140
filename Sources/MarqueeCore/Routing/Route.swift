/// How a user reached the model that answered: production, the canary, or an arm of an A/B experiment.
///
/// Telemetry, logged answers and reports keep a route as its ``text``: `production`, `canary`, `ab:<experiment>:control`
/// or `ab:<experiment>:treatment`; ``init(text:)`` reads that form back. No other code spells these words.
public enum Route: Hashable, Sendable, CustomStringConvertible {
    /// The production model, which every user outside a canary and an experiment gets.
    case production
    /// The candidate tried on a share of users before it is promoted or rolled back.
    case canary
    /// An arm of the A/B experiment named by the first value.
    case experiment(String, arm: Arm)

    /// An arm of an A/B experiment.
    public enum Arm: String, Hashable, Sendable, CaseIterable {
        /// The arm that keeps the model compared against (usually production's).
        case control
        /// The arm that gets the model under test.
        case treatment
    }

    /// The stored form of the route.
    public var text: String {
        switch self {
        case .production: "production"
        case .canary: "canary"
        case .experiment(let name, let arm): Self.experimentPrefix(name) + arm.rawValue
        }
    }

    /// The route stored as `text`; `nil` for text of no route (e.g. a pseudo-route an evaluation grouped by).
    public init?(text: String) {
        switch text {
        case "production": self = .production
        case "canary": self = .canary
        default:
            // The experiment's name may itself hold colons: the arm follows the last one.
            guard text.hasPrefix("ab:"), let colon = text.lastIndex(of: ":"), colon >= text.index(text.startIndex, offsetBy: 3),
                let arm = Arm(rawValue: String(text[text.index(after: colon)...]))
            else { return nil }
            self = .experiment(String(text[text.index(text.startIndex, offsetBy: 3)..<colon]), arm: arm)
        }
    }

    public var description: String { text }

    /// Whether stored route `text` is an arm of the experiment named `experiment`.
    public static func isArm(_ text: String, of experiment: String) -> Bool {
        text.hasPrefix(experimentPrefix(experiment))
    }

    private static func experimentPrefix(_ name: String) -> String { "ab:" + name + ":" }
}
