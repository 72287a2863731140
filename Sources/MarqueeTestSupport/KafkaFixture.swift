#if Kafka
import MarqueeIngest

/// Topics and consumer settings for tests against librdkafka's in-process ``KafkaMockCluster``.
public enum KafkaFixture {
    /// A configuration with a short session timeout: the mock cluster's group coordinator waits almost a session
    /// timeout for members to rejoin during a rebalance (44 s with the default 45 s).
    public static func configuration(_ cluster: KafkaMockCluster, topic: String, group: String = "marquee") -> KafkaConsumerConfiguration {
        KafkaConsumerConfiguration(
            brokers: cluster.brokers, topic: topic, group: group,
            properties: ["session.timeout.ms": "4000", "heartbeat.interval.ms": "500"], connectAttempts: 3,
            initialBackoff: .milliseconds(50), requestTimeout: .seconds(2), pollTimeout: .milliseconds(50), stopWhenCaughtUp: true)
    }

    /// Produces `lines`, one message each, to `topic` and waits for every delivery; returns how many were delivered.
    public static func produce(_ lines: [String], to topic: String, on cluster: KafkaMockCluster) async throws -> Int {
        let producer = try await KafkaLogProducer(brokers: cluster.brokers, topic: topic)
        for line in lines { try producer.send(line: Array(line.utf8)) }
        try producer.flush(timeout: .seconds(30))
        return producer.delivered
    }
}
#endif
