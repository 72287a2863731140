/// A failure that is not a usage mistake (a missing file, say): printed as one `Error:` line, without the usage text.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
