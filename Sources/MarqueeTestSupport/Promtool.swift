import Foundation

/// Prometheus's `promtool`, from Debian's prometheus package, for checking an exposition as Prometheus would.
public enum Promtool {
    /// The installed `promtool`, or `nil` when it is not installed.
    public static var path: String? {
        ["/usr/bin/promtool", "/usr/local/bin/promtool"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Whether a missing tool must fail the test (`MARQUEE_REQUIRE_DATA=1`, as CI sets) rather than skip it.
    public static var isRequired: Bool { ProcessInfo.processInfo.environment["MARQUEE_REQUIRE_DATA"] == "1" }

    /// Runs `promtool check metrics` on `exposition`: its exit status and what it printed; `nil` when promtool is not
    /// installed.
    public static func checkMetrics(_ exposition: String) throws -> (status: Int32, report: String)? {
        guard let path else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["check", "metrics"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(exposition.utf8))
        try input.fileHandleForWriting.close()
        let report = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, report)
    }
}
