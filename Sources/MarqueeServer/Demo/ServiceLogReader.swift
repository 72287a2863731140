import Foundation
import MarqueeCore
import MarqueeEvaluation

/// Reads an event-log file and summarises it as the streaming service saw Marquee.
struct ServiceLogReader {
    let path: String

    func summary(codec: LogLineCodec = LogLineCodec()) throws(MarqueeError) -> ServiceLogSummary {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MarqueeError(.notFound, "cannot read the log '\(path)'")
        }
        var summary = ServiceLogSummary()
        data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var start = 0
            while start < bytes.count {
                let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
                if let event = try? codec.parse(utf8: UnsafeBufferPointer(rebasing: bytes[start..<end])) {
                    summary.record(event)
                }
                start = end + 1
            }
        }
        return summary
    }
}
