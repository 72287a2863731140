import ArgumentParser
import Foundation
import MarqueeCore
import MarqueeStore

/// `marquee forget`: deletes a user's data on request (SPEC.md §4) and keeps them out of every later write.
struct ForgetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forget",
        abstract: "Delete everything the store keeps about a user, and keep them out of later ingest and training.",
        discussion: """
            Deletes the user's events, interactions, logged recommendation requests, telemetry, user record (demographics, \
            stated likes and dislikes) and the quarantined lines that name them, in one transaction, and records the user \
            as forgotten: later log lines, telemetry and fetched records of the user are dropped, so the next training \
            leaves them out. Model artifacts trained before keep what they learnt until the next retraining \
            (docs/responsible-ai.md, "Privacy").
            """)

    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .long, help: "The id of the user to forget.")
    var user: Int64

    @Flag(name: .long, help: "Print one JSON object.")
    var json = false

    func validate() throws {
        try storeOptions.requireExistingStore()
        guard UserID(user) != nil else { throw CommandFailure("--user must be a user id 0...\(UserID.maximum), got \(user)") }
    }

    func run() async throws {
        guard let id = UserID(user) else { throw CommandFailure("--user must be a user id 0...\(UserID.maximum), got \(user)") }
        let store = try await storeOptions.open()
        let report = try await store.forget(user: id, at: .now)
        try await store.close()
        if json {
            print(try JSONText.encode(ForgetJSON(user: user, report: report)))
            return
        }
        print(
            """
            forgot user \(user): \(report.events) events, \(report.interactions) interactions, \(report.recommendations) logged requests, \
            \(report.telemetry) telemetry records, \(report.quarantined) quarantined lines, \(report.record ? "the user record" : "no user record")
            later log lines, telemetry and records of the user are dropped; models trained before keep them until the next retraining
            """)
    }
}

/// `marquee forget --json`.
struct ForgetJSON: Encodable {
    var user: Int64
    var report: ForgetReport
}
