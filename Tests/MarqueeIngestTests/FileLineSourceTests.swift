import Foundation
import MarqueeIngest
import MarqueeTestSupport
import Testing

struct FileLineSourceTests {
    /// Reads every line of `source` until it ends or goes idle, with offsets.
    private func readAll(_ source: FileLineSource) async throws -> [(line: String, offset: Int64, next: Int64)] {
        var lines: [(String, Int64, Int64)] = []
        while case .lines(let chunk) = try await source.read() {
            chunk.forEachLine { line, offset, next in lines.append((String(decoding: line, as: UTF8.self), offset, next)) }
        }
        return lines
    }

    @Test func splitsLinesAcrossSmallChunksWithOffsets() async throws {
        // Given a file of lines longer than the chunk size
        let directory = try FixtureDirectory()
        let path = directory.path("log.txt")
        let lines = (0..<50).map { "line number \($0) " + String(repeating: "x", count: $0 * 3) }
        try LogFixture.write(lines, to: path)
        // When it is read with 64-byte chunks
        let read = try await readAll(try FileLineSource(path: path, chunkSize: 64))
        // Then every line comes back whole, with the offset of its first byte and of the next line
        #expect(read.map(\.line) == lines)
        var offset: Int64 = 0
        for (index, entry) in read.enumerated() {
            #expect(entry.offset == offset)
            offset += Int64(lines[index].utf8.count + 1)
            #expect(entry.next == offset)
        }
    }

    @Test func startsAtASeekedOffset() async throws {
        // Given a file of three lines
        let directory = try FixtureDirectory()
        let path = directory.path("log.txt")
        try LogFixture.write(["first", "second", "third"], to: path)
        let source = try FileLineSource(path: path)
        // When it is read from the start of the second line
        try source.seek(to: 6)
        // Then only the last two lines are read
        #expect(try await readAll(source).map(\.line) == ["second", "third"])
    }

    @Test func refusesACheckpointBeyondTheEndOfTheFile() throws {
        // Given a short file
        let directory = try FixtureDirectory()
        let path = directory.path("log.txt")
        try LogFixture.write(["only"], to: path)
        let source = try FileLineSource(path: path)
        // When it is asked to seek past its end, as after truncation
        let error = #expect(throws: IngestError.self) { try source.seek(to: 1_000) }
        // Then the error says so and suggests starting over
        #expect(error?.code == .checkpointBeyondEnd)
    }

    @Test func holdsBackAnIncompleteLastLineWhenFollowing() async throws {
        // Given a followed file whose last line is not finished
        let directory = try FixtureDirectory()
        let path = directory.path("log.txt")
        try Data("complete\nincompl".utf8).write(to: URL(fileURLWithPath: path))
        let source = try FileLineSource(path: path, follow: true, pollInterval: .milliseconds(5))
        // When it is read until idle, then the line is completed
        let before = try await readAll(source)
        try LogFixture.append("ete\n", to: path)
        let after = try await readAll(source)
        // Then the unfinished line is only handed out once complete, with its original offset
        #expect(before.map(\.line) == ["complete"])
        #expect(after.map(\.line) == ["incomplete"])
        #expect(after.first?.offset == 9)
    }

    @Test func missingFileThrowsFileNotFound() throws {
        // Given a path with no file
        let directory = try FixtureDirectory()
        // When it is opened
        let error = #expect(throws: IngestError.self) { try FileLineSource(path: directory.path("nope.log")) }
        // Then the error is file-not-found and names the path
        #expect(error?.code == .fileNotFound)
        #expect(error?.message.contains("nope.log") == true)
    }

    @Test func standardInputSourceReadsAPipeUntilItCloses() async throws {
        // Given a pipe holding two lines, the second unfinished, and then closed
        let pipe = Pipe()
        pipe.fileHandleForWriting.write(Data("one\ntwo".utf8))
        try pipe.fileHandleForWriting.close()
        let source = StandardInputLineSource(descriptor: pipe.fileHandleForReading.fileDescriptor, name: "pipe")
        // When it is read to the end
        var lines: [String] = []
        reading: while true {
            switch try await source.read() {
            case .lines(let chunk): chunk.forEachLine { line, _, _ in lines.append(String(decoding: line, as: UTF8.self)) }
            case .idle: continue
            case .end: break reading
            }
        }
        // Then both lines are read, and the source cannot seek
        #expect(lines == ["one", "two"])
        #expect(!source.isSeekable)
    }
}
