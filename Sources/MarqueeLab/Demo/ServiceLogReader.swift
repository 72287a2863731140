import Foundation
import MarqueeCore
import MarqueeEvaluation

/// Reads the events of a log file, for summaries of how the service saw Marquee.
struct ServiceLogReader {
    let path: String

    /// Calls `body` with every line of the file that parses, in file order; rejected lines are skipped.
    func read(codec: LogLineCodec = LogLineCodec(), _ body: (Event) -> Void) throws(MarqueeError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MarqueeError(.notFound, "cannot read the log '\(path)'")
        }
        data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var start = 0
            while start < bytes.count {
                let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
                if let event = try? codec.parse(utf8: UnsafeBufferPointer(rebasing: bytes[start..<end])) {
                    body(event)
                }
                start = end + 1
            }
        }
    }
}
