import Foundation
import MarqueeTestSupport
import Testing

@Suite(.dedicatedThreads)
struct CommandErrorTests {
    private func expectOneLineError(_ arguments: [String], mentioning text: String) throws {
        let output = try MarqueeProcess.run(arguments)
        #expect(output.status != 0)
        let message = output.standardError.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(message.contains(text), "stderr was: \(message)")
        #expect(!message.contains("Fatal error") && !message.contains("Stack dump") && !message.contains(".swift:"))
        #expect(!message.split(separator: "\n").filter { $0.hasPrefix("Error:") }.isEmpty)
    }

    @Test func statsOnMissingStoreExplainsHowToCreateIt() throws {
        try expectOneLineError(["stats", "--store", "/nonexistent/marquee.sqlite"], mentioning: "no store at")
    }

    @Test func statsOnCorruptStoreSaysItIsNotAStore() throws {
        let directory = try TemporaryDirectory()
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: directory.path("bad.sqlite")))
        try expectOneLineError(["stats", "--store", directory.path("bad.sqlite")], mentioning: "not a Marquee store")
    }

    @Test func ingestOfMissingFileNamesTheFile() throws {
        let directory = try TemporaryDirectory()
        try expectOneLineError(["ingest", "--store", directory.path("s.sqlite"), directory.path("missing.log")], mentioning: "missing.log")
    }

    @Test func serveRejectsPortOutOfRange() throws {
        let directory = try TemporaryDirectory()
        try Data().write(to: URL(fileURLWithPath: directory.path("s.sqlite")))
        try expectOneLineError(["serve", "--store", directory.path("s.sqlite"), "--port", "70000"], mentioning: "--port")
    }

    @Test func simulateRejectsNonPositiveUsers() throws {
        try expectOneLineError(["simulate", "--users", "0", "--movies", "10", "--days", "1", "--seed", "1"], mentioning: "--users")
    }
}
