import Foundation

/// The value of an option given under its name or under the older spelling it replaced, which still works but is
/// deprecated (`--catalog` became `--catalogue`): one word for one thing, without breaking the scripts that use the old one.
struct RenamedOption {
    /// The option's name, e.g. `--catalogue`.
    let name: String
    /// The older spelling, e.g. `--catalog`; hidden from `--help`.
    let deprecatedName: String
    /// The value given under ``name``.
    let value: String?
    /// The value given under ``deprecatedName``.
    let deprecatedValue: String?

    /// The value given under either spelling.
    var given: String? { value ?? deprecatedValue }

    /// - Throws: `CommandFailure` when both spellings are given.
    func validate() throws {
        if value != nil, deprecatedValue != nil {
            throw CommandFailure("\(deprecatedName) is the deprecated spelling of \(name): give only \(name)")
        }
    }

    /// The value given under either spelling; writes a one-line notice on standard error when it came under the old one.
    func resolved() -> String? {
        if value == nil, deprecatedValue != nil {
            FileHandle.standardError.write(Data("marquee: \(deprecatedName) is deprecated; use \(name)\n".utf8))
        }
        return given
    }
}
