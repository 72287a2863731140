import Foundation
import Testing

/// A stand-in for `marquee serve` behind nginx, whose speed a test sets per user: a small Python HTTP/1.1 server
/// (keep-alive, one thread per connection) answering `/recommend/<user>` with a fixed line, after a delay for the
/// users a rule picks, and `/health` and `/ready` with 200. Real replicas cannot be made slow on demand; this can.
struct FakeReplica {
    /// Users whose `user % every == remainder` are answered after `milliseconds`.
    struct SlowUsers {
        var every: Int
        var remainder: Int
        var milliseconds: Int
    }

    let process: Process
    let port: Int
    let directory: TemporaryDirectory

    /// Python 3, or `nil` (recording an issue in CI, where `MARQUEE_REQUIRE_DATA=1`) when it is not installed.
    static func python() -> String? {
        if let path = ["/usr/bin/python3", "/usr/local/bin/python3"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) {
            return path
        }
        if ProcessInfo.processInfo.environment["MARQUEE_REQUIRE_DATA"] == "1" {
            Issue.record("python3 is not installed: the nginx failover tests run their replicas with it")
        }
        return nil
    }

    /// Starts a fake replica on a free loopback port and waits until it answers `/health`.
    static func start(_ python: String, slow: [SlowUsers] = []) async throws -> FakeReplica {
        let directory = try TemporaryDirectory()
        try script.write(toFile: directory.path("replica.py"), atomically: true, encoding: .utf8)
        let port = try NginxServer.freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [directory.path("replica.py"), String(port)] + slow.map { "\($0.every):\($0.remainder):\($0.milliseconds)" }
        process.standardOutput = FileHandle.nullDevice
        // A client that gave up makes the server log a broken pipe; nothing here reads it.
        process.standardError = FileHandle.nullDevice
        try process.run()
        let replica = FakeReplica(process: process, port: port, directory: directory)
        for _ in 0..<100 {
            if let (status, _) = try? await ServerProcess.get("http://127.0.0.1:\(port)/health"), status == 200 { return replica }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        replica.stop()
        throw NginxFailure(description: "the fake replica did not answer /health on port \(port)")
    }

    /// Stops the replica (SIGTERM) and waits for it.
    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    private static let script = """
        import http.server, signal, sys, time

        # Started from a test's thread, the process inherits that thread's blocked signals: SIGTERM must stop it.
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
        port = int(sys.argv[1])
        rules = [tuple(int(part) for part in rule.split(":")) for rule in sys.argv[2:]]

        class Replica(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *arguments):
                pass

            def do_GET(self):
                status, body = 200, b"ok"
                if self.path.startswith("/recommend/"):
                    user = int(self.path.rsplit("/", 1)[1])
                    for every, remainder, milliseconds in rules:
                        if user % every == remainder:
                            time.sleep(milliseconds / 1000)
                            break
                    body = b"1,2,3"
                elif self.path not in ("/health", "/ready"):
                    status, body = 404, b"not found"
                self.send_response(status)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        class Server(http.server.ThreadingHTTPServer):
            daemon_threads = True

        Server(("127.0.0.1", port), Replica).serve_forever()
        """
}
