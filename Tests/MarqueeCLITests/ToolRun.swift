import Foundation

/// Runs an external tool (nginx, promtool) to completion.
enum ToolRun {
    /// Runs `tool` with `arguments`; returns its exit status and its standard output and error, interleaved.
    static func output(of tool: String, _ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }
}
