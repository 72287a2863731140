import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A real nginx on loopback, running the shipped `deploy/nginx/marquee.conf` with the replicas' addresses and its
/// listen port substituted, as the current user, with everything it writes inside a test directory.
struct NginxServer {
    let process: Process
    let port: Int
    let directory: TemporaryDirectory

    /// The shipped configuration.
    static let shippedConfiguration = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("deploy/nginx/marquee.conf")

    /// Debian's nginx, or `nil` (recording an issue in CI, where `MARQUEE_REQUIRE_DATA=1`) when it is not installed.
    static func binary() -> String? {
        if let path = ["/usr/sbin/nginx", "/usr/bin/nginx"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) {
            return path
        }
        if ProcessInfo.processInfo.environment["MARQUEE_REQUIRE_DATA"] == "1" {
            Issue.record("nginx is not installed: run scripts/test.sh, which installs Debian's nginx package")
        }
        return nil
    }

    /// The shipped configuration rendered by the shipped `deploy/nginx/render.awk` (as the container's entrypoint and
    /// the bench scripts render it): each example upstream `server` line, primary and backup, replaced by one line
    /// per replica keeping its parameters, the listen port replaced by `listen`, the timeouts those of the 800 ms budget.
    /// - Throws: when the renderer fails (the shipped file no longer has the lines it substitutes).
    static func render(replicas: [Int], listen: Int) throws -> String {
        let renderer = shippedConfiguration.deletingLastPathComponent().appendingPathComponent("render.awk")
        let addresses = replicas.map { "127.0.0.1:\($0)" }.joined(separator: " ")
        let (status, output) = try ToolRun.output(
            of: "/usr/bin/awk",
            ["-v", "replicas=\(addresses)", "-v", "listen=127.0.0.1:\(listen)", "-f", renderer.path, shippedConfiguration.path])
        guard status == 0 else { throw NginxFailure(description: "render.awk failed (exit \(status)): \(output)") }
        return output
    }

    /// Writes the rendered configuration and a main file including it into `directory`; returns the main file's path.
    static func writeConfiguration(replicas: [Int], listen: Int, in directory: TemporaryDirectory) throws -> String {
        try render(replicas: replicas, listen: listen).write(toFile: directory.path("marquee.conf"), atomically: true, encoding: .utf8)
        let temporary = directory.path("tmp")
        // Debian's nginx.conf would include conf.d/ inside http {}; this main file does the same with nothing else,
        // keeping temporary files and logs inside the test directory.
        let main = """
            worker_processes 1;
            events { worker_connections 1024; }
            http {
                access_log off;
                client_body_temp_path \(temporary)/body;
                proxy_temp_path \(temporary)/proxy;
                fastcgi_temp_path \(temporary)/fastcgi;
                uwsgi_temp_path \(temporary)/uwsgi;
                scgi_temp_path \(temporary)/scgi;
                include \(directory.path("marquee.conf"));
            }
            """
        try main.write(toFile: directory.path("nginx.conf"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        return directory.path("nginx.conf")
    }

    /// The arguments that run nginx on `configuration` in the foreground with its pid file and error log in `directory`.
    static func arguments(configuration: String, in directory: TemporaryDirectory, extra: [String] = []) -> [String] {
        [
            "-p", directory.url.path, "-c", configuration, "-g",
            "daemon off; pid \(directory.path("nginx.pid")); error_log \(directory.path("error.log"));",
        ]
            + extra
    }

    /// Runs `nginx -t` on the configuration rendered for `replicas`; returns its exit status and output.
    static func check(_ binary: String, replicas: [Int]) throws -> (Int32, String) {
        let directory = try TemporaryDirectory()
        let configuration = try writeConfiguration(replicas: replicas, listen: try freePort(), in: directory)
        return try ToolRun.output(of: binary, arguments(configuration: configuration, in: directory, extra: ["-t"]))
    }

    /// Starts nginx in front of the replicas on `replicas` ports and waits until `/health` answers through it.
    static func start(_ binary: String, replicas: [Int]) async throws -> NginxServer {
        let directory = try TemporaryDirectory()
        let port = try freePort()
        let configuration = try writeConfiguration(replicas: replicas, listen: port, in: directory)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments(configuration: configuration, in: directory)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let server = NginxServer(process: process, port: port, directory: directory)
        for _ in 0..<100 {
            if let (status, _) = try? await ServerProcess.get("http://127.0.0.1:\(port)/health"), status == 200 { return server }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let log = (try? String(contentsOfFile: directory.path("error.log"), encoding: .utf8)) ?? ""
        server.stop()
        throw NginxFailure(description: "nginx did not answer /health on port \(port): \(log)")
    }

    /// Stops nginx (SIGTERM: fast shutdown) and waits for it.
    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// A loopback port nothing listens on at the time of the call.
    static func freePort() throws -> Int {
        let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketDescriptor >= 0 else { throw NginxFailure(description: "socket() failed: errno \(errno)") }
        defer { close(socketDescriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socketDescriptor, $0, length) == 0 && getsockname(socketDescriptor, $0, &length) == 0
            }
        }
        guard bound else { throw NginxFailure(description: "could not bind a loopback port: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// nginx could not be set up for a test.
struct NginxFailure: Error, CustomStringConvertible {
    let description: String
}
