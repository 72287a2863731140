import ArgumentParser
import Foundation
import MarqueeCore
import MarqueeServer

/// The admin token of `serve` and `run`: from `--admin-token`, else `--admin-token-file`, else `MARQUEE_ADMIN_TOKEN`,
/// and at least ``AdminConfiguration/minimumTokenBytes`` bytes long.
struct AdminTokenOptions: ParsableArguments {
    @Option(
        name: .long,
        help:
            "Bearer token of the /admin/ API (serve) and /explain, at least 32 bytes (visible in `ps`: prefer --admin-token-file or MARQUEE_ADMIN_TOKEN)."
    )
    var adminToken: String?

    @Option(name: .long, help: "File holding the admin bearer token (at least 32 bytes; a final newline is ignored).")
    var adminTokenFile: String?

    /// The token, checked; `nil` when none is given (the admin API and /explain are off).
    func configuration(modelDirectory: String? = nil) throws -> AdminConfiguration {
        var token = adminToken
        if token == nil, let adminTokenFile {
            do {
                token = try String(contentsOfFile: adminTokenFile, encoding: .utf8).trimmingCharacters(in: .newlines)
            } catch {
                throw CommandFailure("cannot read --admin-token-file '\(adminTokenFile)': check the path and that this user may read it")
            }
        }
        do throws(MarqueeError) {
            return try AdminConfiguration(token: token ?? ProcessInfo.processInfo.environment["MARQUEE_ADMIN_TOKEN"], modelDirectory: modelDirectory)
        } catch {
            throw CommandFailure(error.message)
        }
    }
}
