import Foundation
import MarqueeCore

/// Parses every line of a file with ``LogLineCodec`` on one core, timing only the parsing.
struct ParseBenchmark {
    let path: String

    func run() throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw BenchError("cannot read \(path)") }
        let codec = LogLineCodec()
        var lines = 0
        var accepted = 0
        var checksum = 0
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            data.withUnsafeBytes { raw in
                let bytes = raw.bindMemory(to: UInt8.self)
                var start = 0
                while start < bytes.count {
                    let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
                    let line = UnsafeBufferPointer(rebasing: bytes[start..<end])
                    lines += 1
                    if let event = try? codec.parse(utf8: line) {
                        accepted += 1
                        checksum &+= Int(truncatingIfNeeded: event.user.rawValue)
                    }
                    start = end + 1
                }
            }
        }
        let seconds = elapsed.inSeconds
        report("parse", Double(lines) / seconds, "lines/s", "\(lines) lines, \(accepted) accepted, \(String(format: "%.2f", seconds)) s, checksum \(checksum % 1000)")
    }
}
