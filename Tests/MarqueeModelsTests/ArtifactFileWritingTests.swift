import Foundation
import Testing

@testable import MarqueeModels

/// How ``ModelArtifact/write(bytes:to:)`` writes a file: private from its creation and durable once written. Each test
/// fails if a step the guarantee rests on is removed or moved (the early 0600, an fsync, the rename).
struct ArtifactFileWritingTests {
    private let bytes = Array("not parsed by the writer".utf8)

    /// A fresh directory holding an old artifact at `model.mqm`, removed by `body`'s end.
    private func withDirectory(_ body: (_ directory: String, _ path: String) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("marquee-write-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data("old artifact".utf8).write(to: URL(fileURLWithPath: directory + "/model.mqm"))
        try body(directory, directory + "/model.mqm")
    }

    @Test func createsThenWritesThenFsyncsTheFileThenRenamesThenFsyncsTheDirectory() throws {
        try withDirectory { directory, path in
            // When an artifact is written over an existing one
            let fileSystem = RecordingArtifactFileSystem()
            try ModelArtifact.write(bytes: bytes, to: path, fileSystem: fileSystem)
            // Then a temporary file beside it is created 0600, written, fsynced and closed, renamed over it, and
            // the directory fsynced last, so that the rename survives a power cut
            guard case .create(let temporary, _) = try #require(fileSystem.steps.first) else {
                Issue.record("the first step was not the temporary file's creation: \(fileSystem.steps)")
                return
            }
            #expect(temporary.hasPrefix(".model.mqm.") && temporary.hasSuffix(".tmp"))
            #expect(
                fileSystem.steps == [
                    .create(temporary, mode: 0o600), .write(temporary, bytes: bytes.count), .sync(temporary), .close(temporary),
                    .rename(temporary, to: "model.mqm"), .syncDirectory(directory),
                ])
            #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))) == bytes)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["model.mqm"])
        }
    }

    @Test func temporaryFileIsNeverReadableByOthersBeforeItsRename() throws {
        try withDirectory { _, path in
            // When an artifact is written
            let fileSystem = RecordingArtifactFileSystem()
            try ModelArtifact.write(bytes: bytes, to: path, fileSystem: fileSystem)
            // Then the temporary file was 0600 from its creation to the moment of its rename, whatever the umask
            // would have let through, and so is the artifact in place
            let modes = fileSystem.temporaryModes
            let first = try #require(modes.first?.step)
            let last = try #require(modes.last?.step)
            #expect(first.description.hasPrefix("create ") && last.description.hasPrefix("rename "))
            #expect(modes.count == 5)
            for (step, mode) in modes {
                #expect(mode == 0o600, "mode \(String(mode, radix: 8)) at \(step)")
            }
            #expect(RecordingArtifactFileSystem.permissions(of: path) == 0o600)
        }
    }

    @Test func failedRenameRemovesTheTemporaryFileAndKeepsTheOldArtifact() throws {
        try withDirectory { directory, path in
            // When the rename fails
            let fileSystem = RecordingArtifactFileSystem(failing: .rename)
            let error = try #require(throws: ModelError.self) { try ModelArtifact.write(bytes: bytes, to: path, fileSystem: fileSystem) }
            // Then the error names the file and the failed call, the temporary file is gone, the old artifact is
            // whole, and nothing is synced as if it had worked
            #expect(error.code == .io)
            #expect(error.message.contains(path) && error.message.contains("cannot rename"))
            guard case .rename(let temporary, _) = fileSystem.steps.dropLast().last else {
                Issue.record("the step before the last was not the rename: \(fileSystem.steps)")
                return
            }
            #expect(fileSystem.steps.last == .remove(temporary))
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["model.mqm"])
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "old artifact")
        }
    }
}
