import ArgumentParser
import Foundation
import MarqueeIngest
import MarqueeStore

/// `marquee import`: loads a public data set into a store.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Load a public data set into a store.", subcommands: [MovieLensImportCommand.self])
}

/// `marquee import movielens DIR --store PATH`: MovieLens-100k in RecBole's atomic-file format.
struct MovieLensImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "movielens",
        abstract: "Import MovieLens-100k (ml-100k.inter, .user, .item as shipped in the recbole wheel) into a store.",
        discussion: """
            Users and movies become catalogue records (occupations mapped to the service's 21, genres to TMDB's). \
            Each rating becomes a rate event at its timestamp, preceded by a synthetic watch: --liked-minutes \
            one-minute watch events for ratings of 3 or more, --disliked-minutes below, so the feedback rule sees both \
            signals. Importing again stores nothing twice. Get the files with: \
            pip download --no-deps recbole==1.2.1 and unzip recbole/dataset_example/ml-100k/ from the wheel.
            """
    )

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: "The directory holding ml-100k.inter, ml-100k.user and ml-100k.item.")
    var directory: String

    @Option(name: .long, help: "Synthetic minutes watched for a rating of 3 or more.")
    var likedMinutes = 10

    @Option(name: .long, help: "Synthetic minutes watched for a rating of 1 or 2.")
    var dislikedMinutes = 2

    func validate() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CommandFailure("no directory at '\(directory)': point at the folder holding ml-100k.inter, ml-100k.user and ml-100k.item")
        }
        guard (0...600).contains(likedMinutes) else { throw CommandFailure("--liked-minutes must be 0...600, got \(likedMinutes)") }
        guard (0...600).contains(dislikedMinutes) else { throw CommandFailure("--disliked-minutes must be 0...600, got \(dislikedMinutes)") }
    }

    func run() async throws {
        let importer = MovieLensImporter(
            store: try await storeOptions.open(), configuration: .init(likedMinutes: likedMinutes, dislikedMinutes: dislikedMinutes))
        let summary = try await importer.importDirectory(directory)
        var lines = [
            "imported \(summary.users) users, \(summary.movies) movies (\(summary.renamedMovies) renamed to keep slugs unique) "
                + "and \(summary.ratings) ratings from \(directory)",
            "stored \(summary.eventsStored) events, skipped \(summary.duplicates) duplicates, skipped \(summary.skipped.count) bad lines",
        ]
        lines += summary.skipped.prefix(5).map { "  \($0)" }
        if summary.skipped.count > 5 { lines.append("  …") }
        print(lines.joined(separator: "\n"))
    }
}
