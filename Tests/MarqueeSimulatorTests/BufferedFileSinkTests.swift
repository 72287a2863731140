import Foundation
import MarqueeSimulator
import Testing

struct BufferedFileSinkTests {
    @Test func writingToADeviceKeepsTheDevice() throws {
        // Given /dev/null, a character device
        // When a sink writes to it and closes
        var sink = try BufferedFileSink(path: "/dev/null")
        try sink.write(line: Array("2025-01-01T00:00:00,1,GET /create_account".utf8))
        try sink.close()
        // Then it is still a character device, not a regular file put in its place
        let type = try FileManager.default.attributesOfItem(atPath: "/dev/null")[.type] as? FileAttributeType
        #expect(type == .typeCharacterSpecial)
    }

    @Test func truncatesAnExistingFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sink-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(repeating: 0x41, count: 1000).write(to: URL(fileURLWithPath: path))
        var sink = try BufferedFileSink(path: path)
        try sink.write(line: Array("x".utf8))
        try sink.close()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "x\n")
    }
}
