import MarqueeCore
import Testing

@testable import MarqueeStore

struct QuarantinedLineTests {
    @Test func longLineIsCutTo4KiBAtACharacterBoundaryWithItsLength() {
        // Given a 4 MiB line of two-byte characters after one ASCII byte, so 4,096 bytes fall inside a character
        let line = "x" + String(repeating: "é", count: 2 << 20)
        // When it is quarantined
        let quarantined = QuarantinedLine(source: "s", offset: 7, line: line, reason: .truncated, detail: "too long")
        // Then at most 4 KiB of whole characters are kept, and the original length in bytes
        #expect(quarantined.line.utf8.count == 4095)
        #expect(line.hasPrefix(quarantined.line))
        #expect(quarantined.length == line.utf8.count)
    }

    @Test func shortLineIsKeptWhole() {
        let quarantined = QuarantinedLine(source: "s", offset: 0, line: "bad line", reason: .truncated, detail: "")
        #expect(quarantined.line == "bad line" && quarantined.length == 8)
    }
}
