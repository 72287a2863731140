import ArgumentParser

/// The `marquee` command line: every subcommand is a thin shell over a library.
@main
struct Marquee: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "marquee",
        abstract: "Recommendations for a movie streaming service, run the way production ML should be run.",
        subcommands: [
            DemoCommand.self, SimulateCommand.self, IngestCommand.self, StatsCommand.self, ServeCommand.self,
            CatalogueAPICommand.self, CatalogueCommand.self, TrainCommand.self, EvaluateCommand.self, TuneCommand.self, ImportCommand.self,
            PipelineCommand.self, ConfigCommand.self,
            RegistryCommand.self, ProvenanceCommand.self, ExperimentCommand.self, OnlineCommand.self, RunCommand.self, DriftCommand.self,
            ValidateCommand.self, AuditCommand.self, ReportCommand.self, FeedbackStudyCommand.self, WarmStartCommand.self, ForgetCommand.self,
        ]
    )
}
