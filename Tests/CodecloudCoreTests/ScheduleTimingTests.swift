@testable import CodecloudCore
import CodecloudCron
import Foundation
import Testing

@Suite struct ScheduleTimingTests {
    let now = Date(timeIntervalSince1970: 1_893_974_400) // 2030-01-07T00:00:00Z, a Monday
    let utc = TimeZone(identifier: "UTC")!
    let berlin = TimeZone(identifier: "Europe/Berlin")!

    func date(_ iso: String) -> Date { ISO8601DateFormatter().date(from: iso)! }

    @Test func recurringFiresOnTheCronInUTC() throws {
        let timing = try ScheduleTiming.validated(cron: "0 9 * * MON-FRI", at: nil, firstRun: nil, now: now)
        #expect(timing.nextFirings(after: now, count: 3) == [date("2030-01-07T09:00:00Z"), date("2030-01-08T09:00:00Z"), date("2030-01-09T09:00:00Z")])
    }

    @Test func aFirstRunComesFirstThenTheCron() throws {
        let timing = try ScheduleTiming.validated(cron: "0 */6 * * *", at: nil, firstRun: date("2030-01-07T01:30:00Z"), now: now)
        #expect(timing.nextFirings(after: now, count: 3) == [date("2030-01-07T01:30:00Z"), date("2030-01-07T06:00:00Z"), date("2030-01-07T12:00:00Z")])
    }

    @Test func theServicesFutureNextRunWinsAndAPastOneIsIgnored() throws {
        let timing = try ScheduleTiming.validated(cron: "0 */6 * * *", at: nil, firstRun: nil, now: now)
        #expect(timing.nextFirings(after: now, count: 2, serviceNext: date("2030-01-07T12:00:00Z")) == [date("2030-01-07T12:00:00Z"), date("2030-01-07T18:00:00Z")])
        #expect(timing.nextFirings(after: now, count: 1, serviceNext: date("2025-02-16T00:00:00Z")) == [date("2030-01-07T06:00:00Z")])
    }

    @Test func onceFiresOnce() throws {
        let timing = try ScheduleTiming.validated(cron: nil, at: date("2030-03-01T09:00:00Z"), firstRun: nil, now: now)
        #expect(timing.nextFirings(after: now, count: 3) == [date("2030-03-01T09:00:00Z")])
    }

    @Test(arguments: [
        ("* * * * FRI-MOM", nil as Date?, nil as Date?, "day-of-week field 'FRI-MOM': 'MOM' is not a day name (SUN–SAT) or number 0–7"),
        ("*/5 * * * *", nil, nil, "cron expression '*/5 * * * *' fires every 5 minutes at the closest (e.g. 00:00 and 00:05); the minimum is 15 minutes"),
        ("0 0 30 2 *", nil, nil, "cron expression '0 0 30 2 *' never fires (no such day in the months given)"),
        ("0 9 * * *", Date(timeIntervalSince1970: 1_893_974_400 + 3600), nil, "--cron and --at cannot be combined"),
        ("0 9 * * *", nil, Date(timeIntervalSince1970: 0), "--first-run 1970-01-01T00:00:00Z is in the past"),
    ])
    func rejectedWithAUsageErrorNamingTheProblem(_ cron: String, _ at: Date?, _ firstRun: Date?, _ message: String) {
        let error = #expect(throws: WorkflowError.self) {
            try ScheduleTiming.validated(cron: cron, at: at, firstRun: firstRun, now: now)
        }
        #expect(error?.message == message)
        #expect(error?.exitCode == .usage)
        #expect(error?.hint != nil)
    }

    @Test func needsCronOrAtAndFirstRunOnlyWithCron() {
        #expect(throws: WorkflowError.self) { try ScheduleTiming.validated(cron: nil, at: nil, firstRun: nil, now: now) }
        #expect(throws: WorkflowError.self) {
            try ScheduleTiming.validated(cron: nil, at: date("2030-03-01T09:00:00Z"), firstRun: date("2030-03-01T09:00:00Z"), now: now)
        }
        #expect(throws: WorkflowError.self) { try ScheduleTiming.validated(cron: nil, at: date("2020-03-01T09:00:00Z"), firstRun: nil, now: now) }
    }

    @Test(arguments: [
        ("2030-03-01T09:00:00Z", "2030-03-01T09:00:00Z"),
        ("2030-03-01T09:00:00.250Z", "2030-03-01T09:00:00Z"),
        ("2030-03-01T10:00:00+01:00", "2030-03-01T09:00:00Z"),
        ("2030-03-01T09:00Z", "2030-03-01T09:00:00Z"),
        ("2030-03-01T10:00+01:00", "2030-03-01T09:00:00Z"),
        ("2030-03-01T10:00+0100", "2030-03-01T09:00:00Z"),
        ("2030-03-01T10:00", "2030-03-01T09:00:00Z"),
        ("2030-03-01 10:00:00", "2030-03-01T09:00:00Z"),
        ("2030-07-01T11:00", "2030-07-01T09:00:00Z"),
    ])
    func timesParseAsISO8601WithLocalTimeWithoutOffset(_ text: String, _ expected: String) throws {
        let parsed = try #require(ScheduleTime.parse(text, in: berlin))
        #expect(abs(parsed.timeIntervalSince(date(expected))) < 1)
    }

    @Test(arguments: ["tomorrow", "2030-13-01T00:00:00Z", "2030-03-01", "09:00", ""])
    func nonTimesAreRejected(_ text: String) {
        #expect(ScheduleTime.parse(text, in: berlin) == nil)
    }

    @Test func timesAreShownInUTCAndLocalTime() {
        #expect(ScheduleTime.describe(date("2030-03-01T09:00:00Z"), localZone: utc) == "2030-03-01 09:00 UTC")
        let berlinText = ScheduleTime.describe(date("2030-03-01T09:00:00Z"), localZone: berlin)
        #expect(berlinText.hasPrefix("2030-03-01 09:00 UTC (10:00 "))
        let tokyo = TimeZone(identifier: "Asia/Tokyo")!
        #expect(ScheduleTime.describe(date("2030-03-01T20:00:00Z"), localZone: tokyo).hasPrefix("2030-03-01 20:00 UTC (2030-03-02 05:00 "))
    }

    @Test func theTimeZoneComesFromTZ() {
        let output = OutputStreams(out: { _ in }, err: { _ in })
        let environment = Environment(variables: ["TZ": "Asia/Kolkata"], currentDirectory: "/", output: output)
        #expect(environment.timeZone.identifier == "Asia/Kolkata")
    }
}
