/// The structural checks every decoder runs before it trusts what it read.
///
/// The SHA-256 at the end of an artifact detects corruption, not tampering: anyone who can write the file can
/// recompute it. So every offset, index and float is checked here as if it came from an attacker, before any code
/// indexes with it or serves from it.
extension ArtifactReader {
    /// The largest magnitude a stored float may have. Trained weights, factors and similarities are many orders of
    /// magnitude smaller; with it, a dot product of 1,025 factors (the most a matrix has) or a row's summed weights
    /// stay finite in `Float`, and `Int(score)` cannot trap.
    static let maximumMagnitude: Float = 1e9

    /// Checks that `starts` partitions `0..<total` into `count` consecutive ranges: `count + 1` starts, the first 0,
    /// the last `total`, never decreasing. Only then may `starts[i]..<starts[i + 1]` index an array of `total` elements.
    func checkOffsets(_ starts: [Int], count: Int, total: Int, _ what: String) throws(ModelError) {
        guard starts.count == count + 1 else { throw corrupt("\(what) has \(starts.count) entries, not \(count + 1)") }
        guard starts.first == 0, starts.last == total else {
            throw corrupt("\(what) must run from 0 to \(total), not from \(starts.first ?? -1) to \(starts.last ?? -1)")
        }
        for index in 1..<starts.count where starts[index] < starts[index - 1] {
            throw corrupt("\(what) decreases at entry \(index) (\(starts[index - 1]) then \(starts[index]))")
        }
    }

    /// Checks that every float of `values` is finite with a magnitude at most ``maximumMagnitude``.
    func checkMagnitudes(_ values: [Float], _ what: String) throws(ModelError) {
        for (index, value) in values.enumerated() where !(value.isFinite && abs(value) <= Self.maximumMagnitude) {
            throw corrupt("\(what) holds \(value) at \(index), not a finite number of magnitude at most \(Self.maximumMagnitude)")
        }
    }

    /// The header's hyperparameter `key` as a number, or `absent` when the header does not list it (an artifact
    /// written before the hyperparameter existed).
    func headerFloat(_ key: String, absent: Float) throws(ModelError) -> Float {
        guard let text = headerHyperparameters[key] else { return absent }
        guard let value = Float(text), value.isFinite else { throw corrupt("its hyperparameter \(key) is '\(text)', not a number") }
        return value
    }

    /// Runs a decoded configuration's own hyperparameter checks, reporting a failure as a corrupt artifact: the
    /// trainer never writes a configuration it would reject.
    func checkConfiguration(_ validate: () throws(ModelError) -> Void) throws(ModelError) {
        do throws(ModelError) {
            try validate()
        } catch {
            throw corrupt("its hyperparameters are invalid (\(error.message))")
        }
    }

    /// Checks a decoded feedback rule's weights.
    func checkFeedbackRule(_ rule: FeedbackRule) throws(ModelError) {
        try checkMagnitudes([rule.watchWeight, rule.ratingWeight], "the feedback rule's weights")
    }
}
