import Foundation
import MarqueeTestSupport
import Testing

/// `deploy/nginx/render.awk -v budget=MS`: the retry path's timeouts derived from the service's request budget.
@Suite(.dedicatedThreads)
struct NginxBudgetRenderTests {
    private static let deploy = NginxServer.shippedConfiguration.deletingLastPathComponent()

    /// Runs the renderer over the shipped file; returns its exit status, output and error output.
    private func render(budget: String?, replicas: String = "127.0.0.1:18082 127.0.0.1:18083", listen: String = "127.0.0.1:8080") throws
        -> (status: Int32, output: String, error: String)
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/awk")
        process.arguments =
            ["-v", "replicas=\(replicas)", "-v", "listen=\(listen)"] + (budget.map { ["-v", "budget=\($0)"] } ?? [])
            + ["-f", Self.deploy.appendingPathComponent("render.awk").path, NginxServer.shippedConfiguration.path]
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errorText = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text, errorText)
    }

    @Test func theDefaultBudgetOf800KeepsTheShippedTimeouts() throws {
        let (status, output, _) = try render(budget: nil)
        #expect(status == 0)
        #expect(output.contains("proxy_next_upstream_timeout 750ms;") && output.contains("proxy_read_timeout 450ms;"))
        #expect(output.contains("proxy_set_header X-Marquee-Timeout-Ms 450;"))
        #expect(try render(budget: "800").output == output)
    }

    @Test func theNewerVariantsBudgetOf600ShortensEveryTimeoutOfTheRetryPathAndTheTimeoutSentToReplicas() throws {
        let (status, output, _) = try render(budget: "600")
        #expect(status == 0)
        #expect(output.contains("proxy_next_upstream_timeout 550ms;"))
        #expect(output.contains("proxy_read_timeout 325ms;") && output.contains("proxy_send_timeout 325ms;"))
        #expect(output.contains("proxy_set_header X-Marquee-Timeout-Ms 325;"))
        #expect(output.contains("gives up on /recommend after 600 ms") && !output.contains("800 ms"))
    }

    @Test func aBudgetThatIsNotMillisecondsIsRefused() throws {
        let (status, _, error) = try render(budget: "0.6s")
        #expect(status != 0)
        #expect(error.contains("budget must be the request budget in milliseconds"))
    }

    @Test func nginxAcceptsTheConfigurationRenderedFor600() throws {
        guard let binary = NginxServer.binary() else { return }
        // Given the file rendered for 600 ms where the test's nginx main file includes it
        let directory = try TemporaryDirectory()
        let main = try NginxServer.writeConfiguration(replicas: [18_082], listen: try NginxServer.freePort(), in: directory)
        let rendered = try render(budget: "600", replicas: "127.0.0.1:18082", listen: "127.0.0.1:\(try NginxServer.freePort())")
        try rendered.output.write(toFile: directory.path("marquee.conf"), atomically: true, encoding: .utf8)
        // When nginx checks it, it passes
        let (status, text) = try ToolRun.output(of: binary, NginxServer.arguments(configuration: main, in: directory, extra: ["-t"]))
        #expect(status == 0, "nginx -t: \(text)")
    }
}
