import MarqueeCore

/// How long one step of a retraining took: a pipeline step (the snapshot, validation, the split, a candidate's tuning,
/// training, evaluation and registration, the gate) or a controller's (warming the chosen version up).
public struct StepTiming: Sendable, Hashable, CustomStringConvertible {
    /// The step's name, e.g. `validation` or a candidate's kind.
    public let step: String
    /// Its wall time, in seconds.
    public let seconds: Double

    public init(step: String, seconds: Double) {
        self.step = step
        self.seconds = seconds
    }

    /// `validation 3.2 s`.
    public var description: String { "\(step) \((seconds * 10).rounded() / 10) s" }
}

/// Times consecutive steps: each lap is the time since the previous one (or since the stopwatch was made).
public struct Stopwatch: Sendable {
    private let clock = ContinuousClock()
    private var last: ContinuousClock.Instant

    public init() { last = clock.now }

    /// The time since the last lap, as `step`'s timing; the next lap starts now.
    public mutating func lap(_ step: String) -> StepTiming {
        let now = clock.now
        defer { last = now }
        return StepTiming(step: step, seconds: (now - last).inSeconds)
    }
}
