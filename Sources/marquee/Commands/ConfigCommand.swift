import ArgumentParser
import Foundation
import MarqueeCore
import MarqueeStore

/// `marquee config show|set`: the service configuration recorded in a store, and its deliberate change.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show or change the service configuration recorded in a store.",
        discussion: """
            The first command that opens a store records its service configuration (--service-config FILE, \
            MARQUEE_SERVICE_CONFIG, or the older variant's defaults); every later command and process on the store uses it, \
            and refuses a different one. 'config set' changes it deliberately, e.g. when the service moves to its newer \
            variant; events already stored keep the scale they were ingested on.
            """,
        subcommands: [Show.self, Change.self])

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Print the store's service configuration as JSON (the defaults when none is recorded yet).")

        @OptionGroup var storeOptions: StoreOptions

        func validate() throws {
            try storeOptions.requireExistingStore()
        }

        func run() async throws {
            let store = try await storeOptions.open()
            let recorded = try await store.recordedServiceConfiguration()
            try await store.close()
            print((recorded ?? .older).json)
            if recorded == nil {
                FileHandle.standardError.write(
                    Data("no configuration recorded yet: the next command records the one it is given, or these defaults\n".utf8))
            }
        }
    }

    struct Change: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: "Record a service configuration in the store, replacing the one recorded.")

        @OptionGroup var storeOptions: StoreOptions

        @Option(name: .customLong("service-config"), help: ArgumentHelp("The configuration file to record.", valueName: "file"))
        var serviceConfig: String

        func validate() throws {
            try storeOptions.requireExistingStore()
            _ = try configuration()
        }

        private func configuration() throws -> ServiceConfiguration {
            let options = try ServiceConfigurationOptions.parse(["--service-config", serviceConfig])
            guard let given = try options.given() else { throw CommandFailure("--service-config needs a file") }
            return given.configuration
        }

        func run() async throws {
            let configuration = try configuration()
            let store = try await storeOptions.open()
            let before = try await store.recordedServiceConfiguration()
            try await store.replaceServiceConfiguration(with: configuration, now: .now)
            try await store.close()
            let changes = (before ?? .older).differences(from: configuration)
            print(changes.isEmpty ? "unchanged" : "recorded; " + changes.joined(separator: "; "))
        }
    }
}
