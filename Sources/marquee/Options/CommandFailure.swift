/// A bad argument or a missing file, found in `validate()`: printed as one actionable `Error:` line, without the
/// usage text that ArgumentParser adds to a `ValidationError` (`--help` has it).
struct CommandFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
