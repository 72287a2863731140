import MarqueeCore

/// One answer of the service: what was answered, and how the service came to it.
///
/// Its served answer's fields read through it (`answer.movies`, `answer.route`).
@dynamicMemberLookup
public struct Answer: Hashable, Sendable {
    /// What was answered: movies, model version, route, fallback; what telemetry records.
    public var served: ServedAnswer
    /// Whether the live path was full and the fallback list answered at once, without trying the model.
    public var shed: Bool

    /// Creates an answer of `movies` from `modelVersion`'s model (or its fallback list), reached by `route`.
    public init(movies: [MovieID], modelVersion: String, route: Route, usedFallback: Bool, shed: Bool = false) {
        self.served = ServedAnswer(movies: movies, modelVersion: modelVersion, route: route, usedFallback: usedFallback)
        self.shed = shed
    }

    /// The served answer's field at `keyPath`.
    public subscript<Value>(dynamicMember keyPath: WritableKeyPath<ServedAnswer, Value>) -> Value {
        get { served[keyPath: keyPath] }
        set { served[keyPath: keyPath] = newValue }
    }
}
