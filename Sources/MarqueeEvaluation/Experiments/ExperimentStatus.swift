/// Where an A/B experiment stands: still collecting, or decided by the two-proportion z-test.
///
/// Encoded in JSON as `{"state": "collecting", "remaining": 120}` or `{"state": "treatment_better"}`.
public enum ExperimentStatus: Hashable, Sendable, Codable {
    /// An arm has not reached the planned size; `remaining` is the most trials either arm still needs.
    /// No winner is declared before then, however small the p-value: looking early and stopping at the first
    /// significant result would inflate the false-positive rate far above alpha.
    case collecting(remaining: Int)
    /// The treatment's rate is significantly higher than the control's.
    case treatmentBetter
    /// The control's rate is significantly higher than the treatment's.
    case controlBetter
    /// The planned size was reached and the rates do not differ significantly.
    case noSignificantDifference

    /// A stable snake_case name of the state.
    public var state: String {
        switch self {
        case .collecting: "collecting"
        case .treatmentBetter: "treatment_better"
        case .controlBetter: "control_better"
        case .noSignificantDifference: "no_significant_difference"
        }
    }

    /// Whether the experiment has reached a decision.
    public var isDecided: Bool {
        if case .collecting = self { return false }
        return true
    }

    enum CodingKeys: String, CodingKey {
        case state, remaining
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(state, forKey: .state)
        if case .collecting(let remaining) = self { try container.encode(remaining, forKey: .remaining) }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let state = try container.decode(String.self, forKey: .state)
        switch state {
        case "collecting": self = .collecting(remaining: try container.decode(Int.self, forKey: .remaining))
        case "treatment_better": self = .treatmentBetter
        case "control_better": self = .controlBetter
        case "no_significant_difference": self = .noSignificantDifference
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .state, in: container, debugDescription: "unknown experiment state \(state)")
        }
    }
}
