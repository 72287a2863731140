#if Kafka
import Testing

@testable import MarqueeIngest

struct KafkaLogProducerTests {
    @Test func keysALineByItsUserIDSoThatAUsersEventsShareAPartition() {
        // Given lines of two users, one of them a malformed line without commas
        let watch = Array("2022-09-14T10:03:21,4711,GET /data/m/the+green+mile+1999/3.mpg".utf8)
        let request = Array("2022-09-14T10:03:22,4711,recommendation request h:8082, status 200, result: a, b, 12 ms".utf8)
        let other = Array("2022-09-14T10:03:23,42,GET /rate/alien+1979=4".utf8)
        let malformed = Array("garbage".utf8)
        // When their keys are taken, then each is the user id, and a line without a user is keyed by itself
        #expect(Array(KafkaLogProducer.userKey(of: watch)) == Array("4711".utf8))
        #expect(Array(KafkaLogProducer.userKey(of: request)) == Array("4711".utf8))
        #expect(Array(KafkaLogProducer.userKey(of: other)) == Array("42".utf8))
        #expect(Array(KafkaLogProducer.userKey(of: malformed)) == malformed)
    }
}
#endif
