import Foundation
import MarqueeCore
import Testing

struct WallTimeTests {
    @Test func nowIsTheSystemClockInMicroseconds() {
        // Given the system clock read just before and just after
        let before = Int64(Date().timeIntervalSince1970 * 1_000_000)
        // When the wall time is read
        let now = WallTime.now
        let after = Int64(Date().timeIntervalSince1970 * 1_000_000)
        // Then it lies between them
        #expect(before <= now.microseconds && now.microseconds <= after)
    }

    @Test func formatsInUTCWithMilliseconds() {
        let time = WallTime(microseconds: 1_795_420_800_123_456)
        #expect(time.iso8601 == "2026-11-23T08:00:00.123Z")
        #expect(time.description == time.iso8601)
        #expect(time.secondsSince1970 == 1_795_420_800.123456)
    }

    @Test func parsesISO8601WithOrWithoutFractionalSeconds() throws {
        #expect(try #require(WallTime(iso8601: "2026-11-23T08:00:00Z")).microseconds == 1_795_420_800_000_000)
        #expect(try #require(WallTime(iso8601: "2026-11-23T08:00:00.250Z")).microseconds == 1_795_420_800_250_000)
        #expect(try #require(WallTime(iso8601: "2026-11-23T09:00:00+01:00")).microseconds == 1_795_420_800_000_000)
    }

    @Test func rejectsTextWithoutAZoneOrDate() {
        #expect(WallTime(iso8601: "2026-11-23T08:00:00") == nil)
        #expect(WallTime(iso8601: "yesterday") == nil)
    }

    @Test func roundTripsThroughDateAndText() throws {
        let time = WallTime(microseconds: 1_795_420_800_250_000)
        #expect(WallTime(date: time.date) == time)
        #expect(try #require(WallTime(iso8601: time.iso8601)) == time)
    }

    @Test func ordersByMicroseconds() {
        #expect(WallTime(microseconds: 1) < WallTime(microseconds: 2))
    }
}
