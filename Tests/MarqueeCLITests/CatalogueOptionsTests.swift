import Foundation
import MarqueeTestSupport
import Testing

/// `--catalogue DIR` on `ingest` and `run`, and `simulate --catalogue-out DIR`; their older spellings `--catalog` and
/// `--catalog-out` still work, hidden from `--help`, with a one-line deprecation notice.
@Suite(.dedicatedThreads)
struct CatalogueOptionsTests {
    private static let world = ["--users", "60", "--movies", "30", "--days", "1", "--seed", "5"]

    @Test(arguments: ["--catalogue-out", "--catalog-out"])
    func simulateWritesTheCatalogueUnderEitherSpelling(flag: String) throws {
        // Given a temporary directory
        let directory = try TemporaryDirectory()
        // When the simulator writes its user and movie records with the flag
        let simulated = try MarqueeProcess.run(
            ["simulate"] + Self.world + ["--out", directory.path("log.txt"), flag, directory.path("catalogue")])
        // Then both files are there, and only the old spelling draws the notice
        #expect(simulated.status == 0, "\(simulated.standardError)")
        #expect(FileManager.default.fileExists(atPath: directory.path("catalogue/users.jsonl")))
        #expect(FileManager.default.fileExists(atPath: directory.path("catalogue/movies.jsonl")))
        let notice = "--catalog-out is deprecated; use --catalogue-out"
        #expect(simulated.standardError.contains(notice) == (flag == "--catalog-out"), "\(simulated.standardError)")
    }

    @Test(arguments: ["--catalogue", "--catalog"])
    func ingestLoadsTheCatalogueUnderEitherSpelling(flag: String) throws {
        // Given a simulated log and its catalogue
        let directory = try TemporaryDirectory()
        let simulated = try MarqueeProcess.run(
            ["simulate"] + Self.world + ["--out", directory.path("log.txt"), "--catalogue-out", directory.path("catalogue")])
        #expect(simulated.status == 0, "\(simulated.standardError)")
        let users = try String(contentsOfFile: directory.path("catalogue/users.jsonl"), encoding: .utf8)
            .split(separator: "\n").count
        // When it is ingested with the catalogue under the flag
        let store = directory.path("s.sqlite")
        let ingest = try MarqueeProcess.run(["ingest", "--store", store, flag, directory.path("catalogue"), directory.path("log.txt")])
        // Then every user record is stored, and only the old spelling draws the notice
        #expect(ingest.status == 0, "\(ingest.standardError)")
        let stats = try MarqueeProcess.run(["stats", "--store", store, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(stats.standardOutput.utf8)) as? [String: Any])
        #expect(object["users"] as? Int == users)
        #expect(ingest.standardError.contains("--catalog is deprecated; use --catalogue") == (flag == "--catalog"), "\(ingest.standardError)")
    }

    @Test(arguments: ["ingest", "run"])
    func refusesBothSpellingsAtOnce(command: String) throws {
        let directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory.path("catalogue"), withIntermediateDirectories: true)
        let output = try MarqueeProcess.run(
            try Self.required(command, in: directory) + ["--catalogue", directory.path("catalogue"), "--catalog", directory.path("catalogue")])
        #expect(output.status != 0)
        #expect(output.standardError.contains("--catalog is the deprecated spelling of --catalogue"), "\(output.standardError)")
    }

    @Test(arguments: ["ingest", "run"])
    func checksTheCatalogueDirectoryUnderTheOldSpelling(command: String) throws {
        let directory = try TemporaryDirectory()
        let output = try MarqueeProcess.run(try Self.required(command, in: directory) + ["--catalog", directory.path("missing")])
        #expect(output.status != 0)
        #expect(output.standardError.contains("no catalogue directory at"), "\(output.standardError)")
    }

    @Test(arguments: [("ingest", "--catalogue"), ("run", "--catalogue"), ("simulate", "--catalogue-out")])
    func helpShowsOnlyTheNewSpelling(command: String, flag: String) throws {
        let help = try MarqueeProcess.run([command, "--help"])
        #expect(help.standardOutput.contains(flag + " <directory>"), "\(help.standardOutput)")
        #expect(!help.standardOutput.contains("--catalog "), "\(help.standardOutput)")
        #expect(!help.standardOutput.contains("--catalog-out"), "\(help.standardOutput)")
    }

    /// `command` and the arguments it cannot start without: `run` needs an existing log and models directory.
    private static func required(_ command: String, in directory: TemporaryDirectory) throws -> [String] {
        let store = [command, "--store", directory.path("s.sqlite")]
        guard command == "run" else { return store }
        try FileManager.default.createDirectory(atPath: directory.path("models"), withIntermediateDirectories: true)
        try Data().write(to: URL(fileURLWithPath: directory.path("empty.log")))
        return store + ["--models-dir", directory.path("models"), directory.path("empty.log")]
    }
}
