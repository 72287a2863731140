import Foundation
import MarqueeIngest
import MarqueeSimulator

extension SimulateCommand {
    /// Produces the simulated log to `--topic`, one message per line keyed by user id, and waits for every
    /// delivery report before returning.
    func produceToKafka(_ simulator: Simulator) async throws {
        #if Kafka
        let producer = try await KafkaLogProducer(
            brokers: kafkaOptions.kafka ?? "", topic: kafkaOptions.topic ?? "", properties: kafkaOptions.propertyValues)
        var sink = ClosureEventLogSink { line in try producer.send(line: line) }
        let summary = try await simulate(simulator, into: &sink)
        try producer.flush()
        FileHandle.standardError.write(Data("simulated \(summary)\nproduced \(producer.delivered) lines to \(producer.topic)\n".utf8))
        #else
        throw CommandFailure(KafkaSupport.rebuildAdvice)
        #endif
    }
}
