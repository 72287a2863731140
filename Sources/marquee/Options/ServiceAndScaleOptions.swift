import ArgumentParser
import MarqueeCore
import MarqueeStore

/// `--service-config` with the `--rating-scale` flag that the evaluation commands (`evaluate`, `tune`) keep for
/// compatibility: the flag must agree with the store's recorded configuration and with any file given.
struct ServiceAndScaleOptions: ParsableArguments {
    @OptionGroup var service: ServiceConfigurationOptions

    @Option(
        name: .long,
        help:
            "Highest rating of the service's scale, 5 or 10; sets the feedback rule (kept for compatibility: the store's service configuration sets it)."
    )
    var ratingScale: Int?

    func validate() throws {
        if let ratingScale, ratingScale != 5, ratingScale != 10 { throw CommandFailure("--rating-scale must be 5 or 10, got \(ratingScale)") }
    }

    /// The configuration recorded in `store`, which the file and the flag, if given, must agree with.
    func agreed(with store: any SettingsStore) async throws -> ServiceConfiguration {
        try await service.agreed(with: store, ratingScale: ratingScale)
    }
}
