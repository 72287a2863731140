import Foundation
import Synchronization

/// A status line on standard error that rewrites itself when standard error is a terminal,
/// and stays silent otherwise (so logs and pipes get only the final summary).
final class ProgressLine: Sendable {
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private let lastWidth = Mutex(0)

    /// Replaces the status line with `text` (terminals only).
    func update(_ text: String) {
        guard isTerminal else { return }
        lastWidth.withLock { width in
            let padding = String(repeating: " ", count: max(0, width - text.count))
            FileHandle.standardError.write(Data("\r\(text)\(padding)".utf8))
            width = text.count
        }
    }

    /// Clears the status line and prints `text` on standard output.
    func finish(_ text: String) {
        lastWidth.withLock { width in
            if isTerminal, width > 0 { FileHandle.standardError.write(Data("\r\(String(repeating: " ", count: width))\r".utf8)) }
            width = 0
        }
        guard !text.isEmpty else { return }
        print(text)
    }
}
