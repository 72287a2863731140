import ArgumentParser
import Foundation

/// `--catalogue DIR`: the directory of user and movie records (`users.jsonl`, `movies.jsonl`) to load before the log;
/// `--catalog DIR`, its older spelling, still works with a deprecation notice.
struct CatalogueOptions: ParsableArguments {
    @Option(
        name: .customLong("catalogue"),
        help: ArgumentHelp(
            "Directory with users.jsonl and movies.jsonl (the user and movie records) to load first; enables unknown user/movie checks.",
            valueName: "directory"))
    var catalogue: String?

    @Option(name: .customLong("catalog"), help: ArgumentHelp("Deprecated spelling of --catalogue.", valueName: "directory", visibility: .hidden))
    var deprecatedCatalog: String?

    private var option: RenamedOption {
        RenamedOption(name: "--catalogue", deprecatedName: "--catalog", value: catalogue, deprecatedValue: deprecatedCatalog)
    }

    /// Checks that one spelling is given and that the directory exists.
    func validate() throws {
        try option.validate()
        if let directory = option.given, !FileManager.default.fileExists(atPath: directory) {
            throw CommandFailure("no catalogue directory at '\(directory)': it must hold users.jsonl and/or movies.jsonl")
        }
    }

    /// The catalogue directory, if one was given; says on standard error when it came under `--catalog`.
    func directory() -> String? { option.resolved() }
}
