import ArgumentParser
import MarqueeIngest

/// `--kafka BROKERS --topic T [--kafka-property key=value ...]`: the Kafka cluster and topic of the event log.
struct KafkaOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Kafka bootstrap brokers, comma-separated host:port (needs a build with --traits Kafka).", valueName: "brokers"))
    var kafka: String?

    @Option(name: .long, help: ArgumentHelp("The Kafka topic of the event log, e.g. movielog7.", valueName: "topic"))
    var topic: String?

    @Option(
        name: .customLong("kafka-property"),
        help: ArgumentHelp("A librdkafka property such as security.protocol=SASL_SSL or sasl.username=U; repeatable.", valueName: "key=value"))
    var properties: [String] = []

    /// Whether Kafka was asked for.
    var isEnabled: Bool { kafka != nil }

    /// Checks the Kafka options: a topic with the brokers, `key=value` properties, and a build that speaks Kafka.
    func validate() throws {
        guard let kafka else {
            if topic != nil || !properties.isEmpty { throw CommandFailure("--topic and --kafka-property need --kafka BROKERS") }
            return
        }
        guard KafkaSupport.isAvailable else { throw CommandFailure(KafkaSupport.rebuildAdvice) }
        guard !kafka.isEmpty, !kafka.contains("/") else { throw CommandFailure("--kafka must be host:port[,host:port...], got '\(kafka)'") }
        guard let topic, !topic.isEmpty else { throw CommandFailure("--kafka needs --topic, the topic of the event log (e.g. movielog7)") }
        for property in properties where !property.contains("=") {
            throw CommandFailure("--kafka-property must be key=value, got '\(property)'")
        }
    }

    /// The `--kafka-property` values as a dictionary.
    var propertyValues: [String: String] {
        Dictionary(
            properties.map { property in
                let parts = property.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
            }, uniquingKeysWith: { _, last in last })
    }
}
