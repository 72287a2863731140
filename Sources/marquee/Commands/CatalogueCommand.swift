import ArgumentParser
import Foundation
import MarqueeCore
import MarqueeIngest
import MarqueeStore

/// `marquee catalogue`: completes the store's users and movies from the service's user/movie API.
struct CatalogueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalogue",
        abstract: "Fetch the users and movies the store's events name but has no record of, from the user/movie API.",
        discussion: """
            Asks GET /user/<ids> and GET /movie/<ids> of --api in bulk (up to 200 ids per request, --concurrency \
            requests at once), retries 429, 5xx and failed connections with exponential backoff (honouring \
            Retry-After), and upserts what arrives. Unknown ids and bad records are counted, never fatal; running \
            again fetches what is still missing. Exits 1 when a request failed after its retries. Self-descriptions are \
            read under the keys of the store's service configuration; --api, --concurrency and --bulk-size default to its \
            catalogue_api.
            """
    )

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var serviceOptions: ServiceConfigurationOptions

    @Option(
        name: .long,
        help: ArgumentHelp("The user/movie API's base URL, e.g. http://catalogue:8080 (default: the service configuration's).", valueName: "url"))
    var api: String?

    @Option(name: .long, help: "Requests in flight at once (default: the service configuration's, else 4).")
    var concurrency: Int?

    @Option(name: .long, help: "Ids per bulk request, at most 200 (default: the service configuration's, else 200).")
    var bulkSize: Int?

    @Option(name: .long, help: "Seconds one request may take.")
    var timeout = 10.0

    @Option(name: .long, help: "Attempts per request, the first included.")
    var attempts = 5

    func validate() throws {
        try storeOptions.requireExistingStore()
        if let api { try validateCatalogueAPIURL(api, option: "--api") }
        if let bulkSize, !(1...200).contains(bulkSize) { throw CommandFailure("--bulk-size must be 1...200 (the API's limit), got \(bulkSize)") }
        if let concurrency, concurrency < 1 { throw CommandFailure("--concurrency must be at least 1, got \(concurrency)") }
        guard timeout > 0 else { throw CommandFailure("--timeout must be positive, got \(timeout)") }
        guard attempts >= 1 else { throw CommandFailure("--attempts must be at least 1, got \(attempts)") }
    }

    func run() async throws {
        let store = try await storeOptions.open()
        let service = try await serviceOptions.agreed(with: store)
        guard let api = api ?? service.catalogueAPI?.url else {
            throw CommandFailure("no user/movie API: give --api URL, or record one as catalogue_api in the store's service configuration")
        }
        let configuration = CatalogueAPIConfiguration(
            baseURL: api, bulkSize: bulkSize ?? service.catalogueAPI?.bulkSize ?? 200,
            maximumConcurrentRequests: concurrency ?? service.catalogueAPI?.maximumConcurrentRequests ?? 4,
            requestTimeout: .milliseconds(Int(timeout * 1_000)), maximumAttempts: attempts, selfDescriptionFields: service.selfDescriptionFields)
        let summary = try await CatalogueFetcher(store: store, client: CatalogueAPIClient(configuration: configuration)).fetchMissing()
        print(CatalogueFetchReport(summary).text)
        let failed = summary.users.failedRequests + summary.movies.failedRequests
        if failed > 0 {
            throw CommandFailure("\(failed) requests to \(api) failed after their retries; run the command again to fetch what is still missing")
        }
    }
}

/// Human-readable lines about a catalogue fetch.
struct CatalogueFetchReport {
    let summary: CatalogueFetchSummary

    init(_ summary: CatalogueFetchSummary) {
        self.summary = summary
    }

    var text: String {
        var lines = ["missing before: \(summary.missingUsers) users, \(summary.missingMovies) movies"]
        for (name, endpoint) in [("users", summary.users), ("movies", summary.movies)] {
            lines.append(
                "\(name): fetched \(endpoint.fetched), unknown \(endpoint.unknown), bad records \(endpoint.badRecords), "
                    + "failed requests \(endpoint.failedRequests), retries \(endpoint.retries)")
            lines += endpoint.problems.map { "  \($0)" }
        }
        return lines.joined(separator: "\n")
    }
}
