import Foundation

/// A set of ``Expectation``s over windows of ingested data: built in, learned from a reference window, or read from a
/// checked-in file that people adjust by hand.
public struct ExpectationSuite: Hashable, Sendable, Codable {
    /// Where the bounds came from, e.g. `learned from snapshot s-20260103-1a2b3c4d` or `built-in`.
    public var origin: String
    public var expectations: [Expectation]

    /// Creates a suite.
    public init(origin: String, expectations: [Expectation]) {
        self.origin = origin
        self.expectations = expectations
    }

    /// Checks `profile`: each expectation passes, fails, or is not measured when the window had no data for it.
    public func validate(_ profile: DataProfile, source: String? = nil) -> ValidationReport {
        let results = expectations.map { expectation -> ValidationReport.Result in
            guard let observed = profile.values[expectation.metric] else {
                return .init(expectation: expectation, observed: nil, status: .notMeasured)
            }
            return .init(expectation: expectation, observed: observed, status: expectation.admits(observed) ? .passed : .failed)
        }
        return ValidationReport(profile: profile, expectationsSource: source ?? origin, results: results)
    }

    /// Bounds for any service: a malformed or unknown share above a few percent means a format or catalogue change.
    /// The event rate only warns below one per hour: a built-in floor cannot know the service's size, a learned one can.
    public static let standard = ExpectationSuite(
        origin: "built-in",
        expectations: DataMetric.all.map { metric in
            let rule = LearningRule.of(metric)
            guard metric.isShare else { return Expectation(metric: metric, minimum: 1, blocking: false, why: rule.why) }
            return Expectation(metric: metric, maximum: rule.standardMaximum, blocking: rule.blocking, why: rule.why)
        })

    /// Bounds learned from a reference window assumed healthy: each share may grow to three times its reference value
    /// plus one percentage point (sampling noise on small windows), and the event rate may fall to half.
    public static func learned(from reference: DataProfile, origin: String) -> ExpectationSuite {
        ExpectationSuite(
            origin: origin,
            expectations: DataMetric.all.compactMap { metric in
                guard let value = reference.values[metric] else { return nil }
                let rule = LearningRule.of(metric)
                if metric.isShare {
                    return Expectation(metric: metric, maximum: min(1, Self.rounded(value * 3 + 0.01)), blocking: rule.blocking, why: rule.why)
                }
                return Expectation(metric: metric, minimum: Self.rounded(value / 2), blocking: rule.blocking, why: rule.why)
            })
    }

    private static func rounded(_ value: Double) -> Double { (value * 10_000).rounded(.up) / 10_000 }

    /// Reads a suite from a JSON file.
    ///
    /// - Throws: ``ValidationError`` when the file cannot be read, is not a suite, or has bounds that admit nothing.
    public static func load(file path: String) throws(ValidationError) -> ExpectationSuite {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ValidationError("cannot read the expectations file \(path): \(error.localizedDescription); check the path")
        }
        let suite: ExpectationSuite
        do {
            suite = try JSONDecoder().decode(ExpectationSuite.self, from: data)
        } catch {
            throw ValidationError(
                "\(path) is not an expectations file (\(error)); write one with `marquee validate --learn --out \(path)` and edit its bounds")
        }
        for expectation in suite.expectations {
            if let low = expectation.minimum, let high = expectation.maximum, low > high {
                throw ValidationError("\(path): \(expectation.metric) has min \(low) above max \(high); no value could pass")
            }
            if !DataMetric.all.contains(expectation.metric) {
                let known = DataMetric.all.map(\.rawValue).joined(separator: ", ")
                throw ValidationError("\(path): unknown metric '\(expectation.metric)'; known metrics: \(known)")
            }
        }
        return suite
    }

    /// The suite as pretty-printed JSON, for a checked-in file.
    public func encodedJSON() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

/// Whether each metric blocks training, its built-in bound, and why.
private struct LearningRule {
    var blocking: Bool
    var standardMaximum: Double
    var why: String

    static func of(_ metric: DataMetric) -> LearningRule {
        switch metric {
        case .quarantinedShare:
            LearningRule(blocking: true, standardMaximum: 0.05, why: "many rejected lines mean the log's format changed and data is being lost")
        case .malformedShare:
            LearningRule(blocking: true, standardMaximum: 0.05, why: "lines off the log's schema: a producer changed the format")
        case .outOfRangeShare:
            LearningRule(blocking: true, standardMaximum: 0.02, why: "ratings off the scale or minutes past the runtime corrupt the labels")
        case .unknownReferenceShare:
            LearningRule(blocking: true, standardMaximum: 0.05, why: "events of users or movies the catalogue lacks: the catalogue is stale")
        case .duplicateShare:
            LearningRule(blocking: false, standardMaximum: 0.05, why: "replayed lines are skipped, but many suggest a misbehaving producer")
        case .lateShare:
            LearningRule(blocking: false, standardMaximum: 0.05, why: "late events miss the snapshot they belong to")
        case .incompleteUserShare:
            LearningRule(blocking: false, standardMaximum: 0.2, why: "users without demographics get worse cold-start lists and fairness reports")
        case .incompleteMovieShare:
            LearningRule(blocking: false, standardMaximum: 0.2, why: "movies without genres or runtime get no cold start and no range checks")
        default:
            LearningRule(blocking: true, standardMaximum: 1, why: "too few events arrived: the log stopped or a format change drops them")
        }
    }
}
