import Foundation
import Testing
@testable import CodecloudCron

@Suite struct CronFiringTests {
    static let utc = TimeZone(identifier: "UTC")!
    static let newYork = TimeZone(identifier: "America/New_York")!

    static func date(_ iso: String) -> Date {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: iso) { return date }
        formatter.formatOptions.insert(.withFractionalSeconds)
        return formatter.date(from: iso)!
    }

    static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: date)
    }

    /// Expression, start, expected next firings in UTC.
    static let utcTable: [(String, String, [String])] = [
        ("0 */6 * * *", "2025-01-16T12:00:00Z", ["2025-01-16T18:00:00Z", "2025-01-17T00:00:00Z", "2025-01-17T06:00:00Z"]),
        // A start exactly on a firing is not itself returned.
        ("0 */6 * * *", "2025-01-16T18:00:00Z", ["2025-01-17T00:00:00Z"]),
        ("0 */6 * * *", "2025-01-16T17:59:59Z", ["2025-01-16T18:00:00Z"]),
        ("0 9 * * MON-FRI", "2025-01-17T10:00:00Z", ["2025-01-20T09:00:00Z", "2025-01-21T09:00:00Z"]),
        ("30 2 * * *", "2025-12-31T03:00:00Z", ["2026-01-01T02:30:00Z"]),
        ("0 0 1 * *", "2025-01-31T23:59:59Z", ["2025-02-01T00:00:00Z", "2025-03-01T00:00:00Z"]),
        ("0 0 31 * *", "2025-01-31T00:00:00Z", ["2025-03-31T00:00:00Z", "2025-05-31T00:00:00Z", "2025-07-31T00:00:00Z"]),
        ("0 0 29 2 *", "2025-03-01T00:00:00Z", ["2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z"]),
        // 2100 is not a leap year: eight years between leap days.
        ("0 0 29 2 *", "2096-03-01T00:00:00Z", ["2104-02-29T00:00:00Z"]),
        ("0 0 28 2 *", "2024-02-28T00:00:00Z", ["2025-02-28T00:00:00Z"]),
        ("59 23 31 12 *", "2025-06-01T00:00:00Z", ["2025-12-31T23:59:00Z", "2026-12-31T23:59:00Z"]),
        ("0 12 * * 7", "2025-01-16T00:00:00Z", ["2025-01-19T12:00:00Z", "2025-01-26T12:00:00Z"]),
        // Both day fields restricted: the 1st–7th OR any Monday.
        ("0 0 1-7 * MON", "2025-01-06T12:00:00Z", ["2025-01-07T00:00:00Z", "2025-01-13T00:00:00Z", "2025-01-20T00:00:00Z"]),
        // Day-of-month starts with `*`: odd days that are ALSO Mondays.
        ("0 0 */2 * MON", "2025-01-01T00:00:00Z", ["2025-01-13T00:00:00Z", "2025-01-27T00:00:00Z", "2025-02-03T00:00:00Z"]),
        ("*/15 * * * *", "2025-01-16T23:50:00Z", ["2025-01-17T00:00:00Z", "2025-01-17T00:15:00Z"]),
        ("5,50 23 * * *", "2025-01-16T23:10:00Z", ["2025-01-16T23:50:00Z", "2025-01-17T23:05:00Z"]),
        ("0 0 1 1 *", "2025-12-31T23:59:59Z", ["2026-01-01T00:00:00Z"]),
        // Sub-minute start times: the firing at the top of the minute is already past.
        ("* * * * *", "2025-01-16T12:00:00.500Z", ["2025-01-16T12:01:00Z"]),
    ]

    @Test(arguments: utcTable)
    func nextFiringsInUTC(_ text: String, _ start: String, _ expected: [String]) throws {
        let expression = try CronExpression(parsing: text)
        let firings = expression.firings(after: Self.date(start), count: expected.count, in: Self.utc)
        #expect(firings.map(Self.iso) == expected)
    }

    /// America/New_York, 2025: clocks jump 02:00 EST → 03:00 EDT on March 9 (07:00Z) and fall
    /// back 02:00 EDT → 01:00 EST on November 2 (06:00Z).
    static let newYorkTable: [(String, String, [String])] = [
        ("0 9 * * *", "2025-01-16T00:00:00Z", ["2025-01-16T14:00:00Z", "2025-01-17T14:00:00Z"]),
        ("0 9 * * *", "2025-07-16T00:00:00Z", ["2025-07-16T13:00:00Z"]),
        ("0 0 * * *", "2025-03-08T12:00:00Z", ["2025-03-09T05:00:00Z", "2025-03-10T04:00:00Z"]),
        // 02:30 does not exist on March 9: it fires at the jump (03:00 EDT), once.
        ("30 2 * * *", "2025-03-08T12:00:00Z", ["2025-03-09T07:00:00Z", "2025-03-10T06:30:00Z"]),
        // 02:00 is skipped and 03:00 is real: both are the same instant, fired once.
        ("0 * * * *", "2025-03-09T06:30:00Z", ["2025-03-09T07:00:00Z", "2025-03-09T08:00:00Z"]),
        ("*/30 2 * * *", "2025-03-09T06:00:00Z", ["2025-03-09T07:00:00Z", "2025-03-10T06:00:00Z"]),
        // 01:30 happens twice on November 2: it fires at the first (EDT) only.
        ("30 1 * * *", "2025-11-01T12:00:00Z", ["2025-11-02T05:30:00Z", "2025-11-03T06:30:00Z"]),
        ("*/30 * * * *", "2025-11-02T05:15:00Z", ["2025-11-02T05:30:00Z", "2025-11-02T07:00:00Z", "2025-11-02T07:30:00Z"]),
        // Starting inside the repeated hour (01:10 EST): 01:30 already fired in EDT.
        ("*/30 * * * *", "2025-11-02T06:10:00Z", ["2025-11-02T07:00:00Z"]),
        ("0 2 * * SUN", "2025-11-01T00:00:00Z", ["2025-11-02T07:00:00Z", "2025-11-09T07:00:00Z"]),
    ]

    @Test(arguments: newYorkTable)
    func nextFiringsAcrossDaylightSavingTime(_ text: String, _ start: String, _ expected: [String]) throws {
        let expression = try CronExpression(parsing: text)
        let firings = expression.firings(after: Self.date(start), count: expected.count, in: Self.newYork)
        #expect(firings.map(Self.iso) == expected)
    }

    @Test func halfHourZoneWithoutDaylightSavingTime() throws {
        let kolkata = try #require(TimeZone(identifier: "Asia/Kolkata"))
        let expression = try CronExpression(parsing: "0 0 * * *")
        #expect(expression.nextFiring(after: Self.date("2025-01-16T00:00:00Z"), in: kolkata).map(Self.iso) == "2025-01-16T18:30:00Z")
    }

    @Test(arguments: ["0 0 30 2 *", "0 0 31 4,6,9,11 *", "0 0 30,31 FEB *"])
    func expressionsThatNeverFireHaveNoNextFiring(_ text: String) throws {
        let expression = try CronExpression(parsing: text)
        #expect(!expression.canFire)
        #expect(expression.nextFiring(after: Self.date("2025-01-01T00:00:00Z"), in: Self.utc) == nil)
        #expect(expression.firings(after: Self.date("2025-01-01T00:00:00Z"), count: 3, in: Self.utc).isEmpty)
    }

    @Test func aFebruaryThirtiethStillFiresWhenTheWeekdayMayMatch() throws {
        // Both fields restricted: "30 Feb OR Monday" fires on February Mondays.
        let expression = try CronExpression(parsing: "0 0 30 2 MON")
        #expect(expression.nextFiring(after: Self.date("2025-01-01T00:00:00Z"), in: Self.utc).map(Self.iso) == "2025-02-03T00:00:00Z")
    }

    /// The field-skipping search agrees with checking every minute, for a spread of
    /// expressions (seeded, so failures reproduce).
    @Test func searchAgreesWithMinuteByMinuteScan() throws {
        var generator = SeededGenerator(seed: 42)
        let start = Self.date("2027-12-20T07:13:00Z")
        let horizonMinutes = 45 * 1_440
        for _ in 0..<60 {
            let expression = try CronExpression(parsing: RandomCron.expression(using: &generator))
            let expected = (1...horizonMinutes).lazy.map { start.addingTimeInterval(TimeInterval($0 * 60)) }
                .first { expression.matches($0) }
            let actual = expression.nextFiring(after: start, in: Self.utc)
            if let expected {
                #expect(actual == expected, "\(expression)")
            } else {
                #expect(actual.map { $0 > start.addingTimeInterval(TimeInterval(horizonMinutes * 60)) } ?? true, "\(expression)")
            }
        }
    }

    @Test func civilDatesAgreeWithFoundationsCalendar() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Self.utc
        // From 1600 (Foundation switches to the Julian calendar before 1582) to about 3000.
        for days in stride(from: -135_000, through: 376_000, by: 997) {
            let date = Date(timeIntervalSince1970: TimeInterval(days) * 86_400)
            let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: date)
            let civil = CivilTime(secondsSinceEpoch: days * 86_400)
            #expect([civil.year, civil.month, civil.day] == [parts.year, parts.month, parts.day])
            #expect(CivilTime.weekday(year: civil.year, month: civil.month, day: civil.day) == parts.weekday! - 1)
            #expect(CivilTime.daysSinceEpoch(year: civil.year, month: civil.month, day: civil.day) == days)
        }
    }
}

extension CronExpression {
    /// Whether the UTC minute containing `date` matches every field: the test's own slow check
    /// (weekdays from `CivilTime` are checked against Foundation separately).
    func matches(_ date: Date) -> Bool {
        let time = CivilTime(secondsSinceEpoch: Int(date.timeIntervalSince1970))
        return minutes.contains(time.minute) && hours.contains(time.hour) && months.contains(time.month)
            && matchesDay(time.day, weekday: CivilTime.weekday(year: time.year, month: time.month, day: time.day))
    }
}

/// A small deterministic random number generator (SplitMix64) so property tests reproduce.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

/// Random but valid cron expressions for property tests.
enum RandomCron {
    static func expression(using generator: inout SeededGenerator, dayFieldsWildcard: Bool = false) -> String {
        let minute = field(0...59, maxCount: 4, using: &generator, allowStar: false)
        let hour = field(0...23, maxCount: 4, using: &generator, allowStar: true)
        let dayOfMonth = dayFieldsWildcard ? "*" : field(1...31, maxCount: 3, using: &generator, allowStar: true)
        let month = field(1...12, maxCount: 4, using: &generator, allowStar: true)
        let dayOfWeek = dayFieldsWildcard ? "*" : field(0...6, maxCount: 3, using: &generator, allowStar: true)
        return [minute, hour, dayOfMonth, month, dayOfWeek].joined(separator: " ")
    }

    static func field(_ range: ClosedRange<Int>, maxCount: Int, using generator: inout SeededGenerator, allowStar: Bool) -> String {
        switch Int.random(in: 0..<4, using: &generator) {
        case 0 where allowStar:
            return "*"
        case 1:
            return "*/\(Int.random(in: 2...(range.count / 2), using: &generator))"
        case 2:
            let low = Int.random(in: range, using: &generator)
            let high = Int.random(in: low...range.upperBound, using: &generator)
            return "\(low)-\(high)"
        default:
            let count = Int.random(in: 1...maxCount, using: &generator)
            let values = Set((0..<count).map { _ in Int.random(in: range, using: &generator) })
            return values.sorted().map(String.init).joined(separator: ",")
        }
    }
}
