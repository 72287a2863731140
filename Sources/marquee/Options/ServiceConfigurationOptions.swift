import ArgumentParser
import Foundation
import MarqueeCore
import MarqueeStore

/// `--service-config FILE` (or `MARQUEE_SERVICE_CONFIG`): the variant of the streaming service Marquee is pointed at
/// (``ServiceConfiguration``). A command on a store uses the configuration recorded in the store; a store never
/// configured records the one given, or the older variant's defaults.
struct ServiceConfigurationOptions: ParsableArguments {
    /// The environment variable naming the configuration file when `--service-config` is not given.
    static let environmentVariable = "MARQUEE_SERVICE_CONFIG"

    @Option(
        name: .customLong("service-config"),
        help: ArgumentHelp(
            "The streaming service's configuration (rating scale, request budget, self-description keys, user/movie API), a JSON file such as deploy/service/newer.json; default: $MARQUEE_SERVICE_CONFIG, else the store's recorded one, else the older variant.",
            valueName: "file"))
    var serviceConfig: String?

    func validate() throws {
        _ = try given()
    }

    /// The file given by `--service-config` or the environment, if any.
    var path: String? {
        serviceConfig ?? ProcessInfo.processInfo.environment[Self.environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The configuration the file gives, with how to name it in messages; `nil` when no file is given.
    func given() throws -> (configuration: ServiceConfiguration, source: String)? {
        guard let path else { return nil }
        let source = serviceConfig != nil ? "--service-config \(path)" : "\(Self.environmentVariable)=\(path)"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure("\(source): no readable file at '\(path)' (examples: deploy/service/older.json, deploy/service/newer.json)")
        }
        do {
            return (try ServiceConfiguration(json: data, source: path), source)
        } catch {
            throw CommandFailure(error.message)
        }
    }

    /// The configuration of a command that uses no store: the file's, else the older variant's; a `--rating-scale` a
    /// command still takes for compatibility applies when no file is given, and must agree with the file otherwise.
    func configuration(ratingScale: Int? = nil) throws -> ServiceConfiguration {
        try withLegacyFlags(given(), ratingScale: ratingScale, base: .older)?.configuration ?? .older
    }

    /// The configuration of a command on `store`: the one recorded in the store, which a file or a compatible flag
    /// given to the command must agree with; a store never configured records the one given (or the defaults).
    func agreed(with store: any SettingsStore, ratingScale: Int? = nil) async throws -> ServiceConfiguration {
        let recorded = try await store.recordedServiceConfiguration()
        let given = try withLegacyFlags(given(), ratingScale: ratingScale, base: recorded ?? .older)
        do {
            return try await store.agreedServiceConfiguration(
                given: given?.configuration, source: given?.source ?? "the default configuration",
                now: .now)
        } catch {
            throw CommandFailure(error.message)
        }
    }

    /// `given` with `--rating-scale` applied: over `base` when no file is given, checked against the file otherwise.
    private func withLegacyFlags(
        _ given: (configuration: ServiceConfiguration, source: String)?, ratingScale: Int?, base: ServiceConfiguration
    ) throws -> (configuration: ServiceConfiguration, source: String)? {
        guard let ratingScale else { return given }
        guard let scale = RatingScale(maximum: ratingScale), ratingScale == 5 || ratingScale == 10 else {
            throw CommandFailure("--rating-scale must be 5 or 10, got \(ratingScale)")
        }
        if let given {
            guard given.configuration.ratingScale == scale else {
                throw CommandFailure(
                    "--rating-scale \(ratingScale) contradicts \(given.source), whose rating_scale is \(given.configuration.ratingScale.maximum): "
                        + "drop --rating-scale (the configuration file sets the scale)")
            }
            return given
        }
        var configuration = base
        configuration.ratingScale = scale
        return (configuration, "--rating-scale \(ratingScale)")
    }
}
