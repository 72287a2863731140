/// Hyperparameter range checks with messages that name the key and the allowed range.
enum Check {
    static func range<Value: Comparable & CustomStringConvertible>(_ key: String, _ value: Value, _ allowed: ClosedRange<Value>)
        throws(ModelError)
    {
        guard allowed.contains(value) else {
            throw ModelError(
                .invalidParameter, "\(key) must be between \(allowed.lowerBound) and \(allowed.upperBound), got \(value)")
        }
    }

    static func range(_ key: String, _ value: Float, _ allowed: ClosedRange<Float>) throws(ModelError) {
        guard value.isFinite, allowed.contains(value) else {
            throw ModelError(
                .invalidParameter, "\(key) must be a number between \(allowed.lowerBound) and \(allowed.upperBound), got \(value)")
        }
    }
}
