import Foundation
import Hummingbird
import HummingbirdTesting
import MarqueeModels
import MarqueeServer
import MarqueeStore
import MarqueeTestSupport
import Testing

/// A real headless Chromium loads `/dashboard` from a real server on a loopback port, over a store from a short
/// simulated run: the page renders (a screenshot with many colours), without script errors, with its sections in the
/// DOM. Without Chromium the test is skipped, except in CI (`MARQUEE_REQUIRE_DATA=1`), where it fails.
@Suite(.dedicatedThreads)
struct DashboardBrowserTests {
    @Test func chromiumRendersTheDashboardWithoutErrors() async throws {
        guard let chromium = Browser.chromium() else {
            if EvaluationDatasets.dataRequired {
                Issue.record("chromium is not installed: install Debian's chromium (scripts/test.sh does) or unset MARQUEE_REQUIRE_DATA")
            }
            return
        }
        // Given a server with the dashboard of a simulated run's store, on a loopback port
        let store = try SQLiteEventStore(path: try await SimulatedStore.path)
        let service = RecommendationService(
            model: ServingModel(recommender: PopularityRecommender(training: TrainingData(interactions: [])), watched: [:], version: "empty"))
        let app = Application(
            router: buildRouter(service: service, dashboard: .live(store: store)), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("marquee-browser-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let url = "http://127.0.0.1:\(port)/dashboard"
            let screenshot = directory.appendingPathComponent("dashboard.png").path
            // When headless Chromium takes a screenshot, logging the console, and dumps the DOM
            let shot = try await Browser.run(
                chromium, ["--enable-logging=stderr", "--v=0", "--screenshot=\(screenshot)", "--window-size=1280,2000", url], home: directory.path)
            let dom = try await Browser.run(chromium, ["--dump-dom", url], home: directory.path)

            // Then the screenshot is a real picture, not a blank page
            let size = (try FileManager.default.attributesOfItem(atPath: screenshot)[.size] as? Int) ?? 0
            #expect(size > 50_000, "screenshot of \(size) bytes; chromium said: \(shot.stderr.suffix(2_000))")
            let colours = try Browser.distinctColours(png: screenshot)
            #expect(colours > 20, "\(colours) distinct colours")
            // And no script error reached the console
            for line in shot.stderr.split(separator: "\n") {
                #expect(!line.contains("Uncaught") && !line.contains(":CONSOLE"), "\(line)")
            }
            // And the rendered DOM has the sections and charts
            for text in ["id=\"headline\"", "id=\"service\"", "id=\"online\"", "id=\"quality\"", "id=\"models\"", "<svg"] {
                #expect(dom.stdout.contains(text), "DOM lacks \(text)")
            }
        }
    }
}

/// Runs headless Chromium and inspects what it produced.
enum Browser {
    /// The path of `chromium` (or `chromium-browser`) on the PATH, or `nil`.
    static func chromium() -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for name in ["chromium", "chromium-browser"] {
            for directory in paths where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") { return "\(directory)/\(name)" }
        }
        return nil
    }

    /// Runs Chromium headless with `arguments` and a throwaway profile; returns what it wrote.
    static func run(_ chromium: String, _ arguments: [String], home: String) async throws -> (stdout: String, stderr: String) {
        let flags = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--hide-scrollbars",
            "--user-data-dir=\(home)/profile-\(UUID().uuidString)",
        ]
        return try await runProcess(chromium, flags + arguments, environment: ["HOME": home])
    }

    /// The number of distinct RGB colours of a PNG, decoded by Python's zlib (8-bit RGB or RGBA, non-interlaced).
    static func distinctColours(png path: String) throws -> Int {
        let script = """
            import sys, zlib, struct
            data = open(sys.argv[1], 'rb').read()
            assert data[:8] == b'\\x89PNG\\r\\n\\x1a\\n'
            pos, idat = 8, b''
            while pos < len(data):
                length, kind = struct.unpack('>I4s', data[pos:pos + 8])
                body = data[pos + 8:pos + 8 + length]
                if kind == b'IHDR': width, height, depth, ctype = struct.unpack('>IIBB', body[:10])
                if kind == b'IDAT': idat += body
                pos += 12 + length
            assert depth == 8 and ctype in (2, 6)
            bpp = 3 if ctype == 2 else 4
            raw = zlib.decompress(idat)
            stride = width * bpp
            previous = bytearray(stride)
            colours = set()
            for y in range(height):
                f = raw[y * (stride + 1)]
                line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
                for i in range(stride):
                    a = line[i - bpp] if i >= bpp else 0
                    b = previous[i]
                    c = previous[i - bpp] if i >= bpp else 0
                    if f == 1: line[i] = (line[i] + a) & 255
                    elif f == 2: line[i] = (line[i] + b) & 255
                    elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
                    elif f == 4:
                        p = a + b - c
                        pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                        line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
                if y % 4 == 0:
                    for x in range(0, stride, bpp * 2): colours.add(bytes(line[x:x + 3]))
                previous = line
            print(len(colours))
            """
        let output = try runProcessSync("/usr/bin/env", ["python3", "-c", script, path])
        guard let count = Int(output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw BrowserTestFailure("could not decode \(path): \(output.stderr)")
        }
        return count
    }

    private static func runProcess(_ executable: String, _ arguments: [String], environment: [String: String]) async throws -> (
        stdout: String, stderr: String
    ) {
        try await Task.detached { try runProcessSync(executable, arguments, environment: environment) }.value
    }

    /// Runs a process to its end; its output goes through temporary files, so that no full pipe can block it.
    private static func runProcessSync(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> (
        stdout: String, stderr: String
    ) {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("marquee-process-\(UUID().uuidString)")
        let outURL = base.appendingPathExtension("out")
        let errURL = base.appendingPathExtension("err")
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        process.waitUntilExit()
        return (try String(contentsOf: outURL, encoding: .utf8), String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }
}

struct BrowserTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
