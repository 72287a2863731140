import MarqueeCore
import Testing

struct EventTimeTests {
    @Test func calendarFieldsRoundTripAcrossCenturiesAndLeapDays() throws {
        for (y, m, d) in [(1970, 1, 1), (2000, 2, 29), (2024, 12, 31), (1969, 12, 31), (2100, 3, 1), (1600, 2, 29)] {
            let time = try #require(EventTime(year: y, month: m, day: d, hour: 23, minute: 59, second: 58, microsecond: 7))
            let c = time.components
            #expect(c.year == y && c.month == m && c.day == d && c.hour == 23 && c.minute == 59 && c.second == 58 && c.microsecond == 7)
        }
    }

    @Test func rejectsImpossibleDates() {
        #expect(EventTime(year: 2023, month: 2, day: 29) == nil)
        #expect(EventTime(year: 2023, month: 4, day: 31) == nil)
        #expect(EventTime(year: 2023, month: 1, day: 1, hour: 24) == nil)
    }

    @Test func formatsWithMicrosecondsOnlyWhenPresent() throws {
        #expect(try #require(EventTime(year: 2022, month: 9, day: 14, hour: 10, minute: 3, second: 21)).iso8601 == "2022-09-14T10:03:21")
        #expect(try #require(EventTime(year: 2023, month: 3, day: 20, hour: 8, minute: 12, second: 38, microsecond: 176_557)).iso8601
            == "2023-03-20T08:12:38.176557")
    }

    @Test(arguments: [Int64.min, -1, Int64.max])
    func describesAnyTimeWithoutCrashing(_ microseconds: Int64) {
        #expect(!EventTime(microseconds: microseconds).description.isEmpty)
    }

    @Test func addsSecondsExactly() throws {
        let start = try #require(EventTime(year: 2022, month: 12, day: 31, hour: 23, minute: 59, second: 30))
        #expect(start.adding(seconds: 60).iso8601 == "2023-01-01T00:00:30")
        #expect(start.seconds(to: start.adding(seconds: 90)) == 90)
    }
}
