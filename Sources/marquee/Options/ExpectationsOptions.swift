import ArgumentParser
import MarqueeQuality

/// `--expectations FILE`: the data expectations to validate against (built-in bounds when absent).
struct ExpectationsOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "A JSON file of data expectations (write one with `marquee validate --learn --out FILE`); built-in bounds when absent.",
            valueName: "file"))
    var expectations: String?

    /// The suite to validate against.
    func suite() throws -> ExpectationSuite {
        guard let expectations else { return .standard }
        do {
            return try ExpectationSuite.load(file: expectations)
        } catch {
            throw CommandFailure(error.message)
        }
    }
}
