import Testing
@testable import KohortCore

@Suite struct DayTests {
    @Test func epochAndKnownDates() {
        #expect(Day(year: 1970, month: 1, day: 1).value == 0)
        // date(2015,12,31) in microdata.no is 16800 days after 1970-01-01 (checked: 45 years incl. 11 leap days).
        #expect(Day(year: 2015, month: 12, day: 31).value == 16800)
        #expect(Day(year: 1953, month: 1, day: 1).value == -6209)
        #expect(Day(year: 2000, month: 2, day: 29).iso == "2000-02-29")
    }

    @Test func roundTripsEveryDayOfACentury() {
        var day = Day(year: 1950, month: 1, day: 1).value
        let end = Day(year: 2050, month: 12, day: 31).value
        while day <= end {
            let d = Day(day)
            let c = d.components
            #expect(Day(year: c.year, month: c.month, day: c.day) == d)
            day += 1
        }
    }

    @Test func parsesOnlyRealDates() {
        #expect(Day(iso: "2024-02-29") != nil)
        #expect(Day(iso: "2023-02-29") == nil)
        #expect(Day(iso: "2023-13-01") == nil)
        #expect(Day(iso: "2023-1-01") == nil)
        #expect(Day(iso: "01.01.2023") == nil)
        #expect(Day(iso: "1953-01-01")?.norwegian == "01.01.1953")
    }
}
