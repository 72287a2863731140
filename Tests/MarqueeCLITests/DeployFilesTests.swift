import Foundation
import MarqueeTestSupport
import Testing

/// The shipped deployment files (compose file, systemd units) stay well-formed and keep the settings the production
/// topology of docs/operations.md relies on. systemd does not run here; the compose file does, in
/// scripts/container-test.sh (podman, called by .ci/run after the Swift tests). YAML is parsed by PyYAML, which is
/// skipped when missing except in CI (`MARQUEE_REQUIRE_DATA=1`).
@Suite(.dedicatedThreads)
struct DeployFilesTests {
    private static let deploy = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("deploy")

    @Test func composeFileIsValidYAMLWithEveryServiceOfTheTopology() throws {
        // Given the compose file parsed by PyYAML, printing its services and each one's command
        let script = """
            import json, sys, yaml
            document = yaml.safe_load(open(sys.argv[1]))
            print(json.dumps({name: str(service.get("command", "")) + " network_mode=" + str(service.get("network_mode"))
                              for name, service in document["services"].items()}))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, Self.deploy.appendingPathComponent("compose/docker-compose.yml").path]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let text = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus != 0, errorText.contains("No module named 'yaml'") || errorText.contains("No such file") {
            if ProcessInfo.processInfo.environment["MARQUEE_REQUIRE_DATA"] == "1" {
                Issue.record("python3 with PyYAML is missing: run scripts/test.sh, which installs python3-yaml")
            }
            return
        }
        #expect(process.terminationStatus == 0, "the compose file is not valid YAML: \(errorText)")
        let services = try #require(try JSONSerialization.jsonObject(with: text) as? [String: String])

        // Then it has the broker, the store, the workers, two replicas, nginx, Prometheus and the streaming service
        // (the simulator and its user/movie API), every one on the host's network (so every connection stays on loopback)
        #expect(
            Set(services.keys) == [
                "kafka", "postgres", "ingest", "lifecycle", "serve-1", "serve-2", "nginx", "prometheus", "simulator", "catalogue-api",
            ])
        for (name, command) in services {
            #expect(command.hasSuffix("network_mode=host"), "\(name) is not on the host's network")
        }
        // And both replicas follow the registry in PostgreSQL, and the ingest workers form one consumer group
        for replica in ["serve-1", "serve-2"] {
            let command = try #require(services[replica])
            #expect(command.contains("marquee serve") && command.contains("--registry-poll 5") && command.contains("MARQUEE_STORE"))
        }
        // And the simulator produces to the topic the ingest workers consume
        #expect(services["ingest"]?.contains("--topic movielog7 --group marquee") == true)
        #expect(services["simulator"]?.contains("marquee simulate") == true && services["simulator"]?.contains("--topic movielog7") == true)
    }

    @Test(arguments: ["marquee-serve@.service", "marquee-ingest.service", "marquee-run.service"])
    func systemdUnitIsHardenedAndStopsGracefully(unit: String) throws {
        // Given a shipped unit
        let text = try String(contentsOf: Self.deploy.appendingPathComponent("systemd/\(unit)"), encoding: .utf8)
        let settings = Set(text.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { $0.split(separator: "=").first.map(String.init) })
        // Then it restarts on failure, gives SIGTERM time, runs unprivileged and sees the file system read-only
        for key in ["ExecStart", "Restart", "TimeoutStopSec", "ProtectSystem", "NoNewPrivileges", "CapabilityBoundingSet"] {
            #expect(settings.contains(key), "\(unit) lacks \(key)")
        }
        #expect(text.contains("Restart=on-failure") && text.contains("ProtectSystem=strict"))
        #expect(settings.contains("DynamicUser") || settings.contains("User"), "\(unit) would run as root")
    }
}
