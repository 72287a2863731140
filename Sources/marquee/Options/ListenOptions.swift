import ArgumentParser

/// `--host` and `--port` of a command that runs an HTTP server.
struct ListenOptions: ParsableArguments {
    @Option(name: .long, help: "Interface to listen on.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "Port to listen on; 0 picks a free one (default: the SPEC's port for this server).")
    var port: Int?

    func validate() throws {
        if let port, !(0...65_535).contains(port) { throw CommandFailure("--port must be 0...65535, got \(port)") }
    }

    /// The chosen port, or `standard` when none was given.
    func port(default standard: Int) -> Int { port ?? standard }
}
