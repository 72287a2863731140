import ArgumentParser
import Foundation
import MarqueeLifecycle
import MarqueeQuality
import MarqueeStore

/// `marquee validate`: checks the data a snapshot adds (or the data not yet in a snapshot) against expectations.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check ingested data against declarative expectations (schema, ranges, references, duplicates, lateness, volume).",
        discussion: """
            Without --snapshot, checks the data ingested since the newest snapshot; with it, the data that snapshot added to the one \
            before. Exits with status 1 when a blocking expectation fails: the pipeline refuses to train on such data. \
            --learn writes expectations learned from the window (assumed healthy) to --out, to check in and adjust by hand.
            """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var expectationsOptions: ExpectationsOptions

    @Option(name: .long, help: ArgumentHelp("A registered snapshot's id.", valueName: "id"))
    var snapshot: String?

    @Flag(name: .long, help: "Learn expectations from the window instead of checking it; needs --out.")
    var learn = false

    @Option(name: .long, help: ArgumentHelp("Where --learn writes the expectations.", valueName: "file"))
    var out: String?

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    func validate() throws {
        try storeOptions.requireExistingStore()
        if learn, out == nil { throw CommandFailure("--learn needs --out FILE: where to write the learned expectations") }
        if !learn, out != nil { throw CommandFailure("--out is only used with --learn") }
    }

    func run() async throws {
        let store = try await storeOptions.open()
        let validator = DataValidator(store: store, expectations: try expectationsOptions.suite())
        let profile: DataProfile
        if let snapshot {
            guard let record = try await store.snapshot(id: snapshot) else {
                throw CommandFailure("no snapshot '\(snapshot)' in \(storeOptions.name); `marquee registry runs` lists the snapshots of pipeline runs")
            }
            profile = try await validator.profile(snapshot: record)
        } else {
            profile = try await validator.profileOfNewData()
        }
        if learn, let out {
            try await write(ExpectationSuite.learned(from: profile, origin: "learned from \(profile.window)"), to: out)
            return
        }
        let report = validator.expectations.validate(profile, source: expectationsOptions.expectations)
        if json {
            print(try JSONText.encode(report))
        } else {
            print(Self.describe(report))
        }
        if !report.passed { throw ExitCode(1) }
    }

    private func write(_ suite: ExpectationSuite, to path: String) async throws {
        guard !suite.expectations.isEmpty else { throw CommandFailure("the window holds no data to learn from: \(suite.origin)") }
        do {
            try suite.encodedJSON().write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw CommandFailure("cannot write \(path): \(error.localizedDescription)")
        }
        print("wrote \(suite.expectations.count) expectations to \(path) (\(suite.origin))")
    }

    static func describe(_ report: ValidationReport) -> String {
        var lines = ["\(report.profile.window): \(report.profile.lines) lines; expectations: \(report.expectationsSource)"]
        for result in report.results {
            let status = result.blocks ? "FAIL" : result.status == .failed ? "warn" : result.status == .passed ? "ok" : "n/a"
            lines.append(
                status.padding(toLength: 6, withPad: " ", startingAt: 0) + result.expectation.metric.rawValue.padding(toLength: 36, withPad: " ", startingAt: 0)
                    + result.observedDescription.padding(toLength: 12, withPad: " ", startingAt: 0) + result.expectation.boundsDescription
                    + (result.expectation.blocking ? "" : " (warning only)"))
        }
        lines.append(report.passed ? "the data may be trained on" : "blocking expectations failed: the pipeline will not train on this data")
        return lines.joined(separator: "\n")
    }
}
