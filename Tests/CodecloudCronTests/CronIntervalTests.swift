import Foundation
import Testing
@testable import CodecloudCron

@Suite struct CronIntervalTests {
    @Test(arguments: [
        "*/15 * * * *", "0 */6 * * *", "0,15,30,45 * * * *", "45 * * * *", "0,45 * * * *",
        "*/15 9-17 * * *", "0 9 * * MON-FRI", "0 0 * * *", "50 23 * * *", "*/20 * * * *",
        // Would be 5 minutes apart across midnight, but the matching days are never adjacent.
        "0,55 0,23 1 * *", "0,55 0,23 28 2 *", "0,55 0,23 * * SAT,MON", "0,55 0,23 31 12 *",
        // Never fires, so never too often.
        "*/5 * 30 2 *",
    ])
    func allowed(_ text: String) throws {
        try CronExpression(parsing: text).validateMinimumInterval()
    }

    @Test(arguments: [
        ("* * * * *", 1, "00:00", "00:01"),
        ("*/5 * * * *", 5, "00:00", "00:05"),
        ("*/5 9-17 * * *", 5, "09:00", "09:05"),
        ("0,10 * * * *", 10, "00:00", "00:10"),
        // The gap that wraps into the next hour: 00:50 → 01:00.
        ("0,50 * * * *", 10, "00:50", "01:00"),
        ("*/14 * * * *", 4, "00:56", "01:00"),
        ("55 8,9 * * *", 60, "08:55", "09:55"),
        // Only on leap days, still too often.
        ("*/10 9 29 2 *", 10, "09:00", "09:10"),
        // Across midnight on adjacent matching days.
        ("0,55 0,23 * * *", 5, "23:55", "00:00"),
        ("0,55 0,23 * * SAT,SUN", 5, "23:55", "00:00"),
        ("0,55 0,23 * * SUN,SAT", 5, "23:55", "00:00"),
        ("0,55 0,23 28,29 2 *", 5, "23:55", "00:00"),
        ("0,55 0,23 1,28 2,3 *", 5, "23:55", "00:00"),
        ("0,55 0,23 1,29 2,3 *", 5, "23:55", "00:00"),
        ("0,55 0,23 1,31 1,12 *", 5, "23:55", "00:00"),
        ("0,55 0,23 31 * MON", 5, "23:55", "00:00"),
    ])
    func rejected(_ text: String, _ gapMinutes: Int, _ earlier: String, _ later: String) throws {
        let minimum: TimeInterval = gapMinutes == 60 ? 2 * 3600 : 15 * 60
        let error = try #require(throws: CronError.self) { try CronExpression(parsing: text).validateMinimumInterval(minimum) }
        #expect(error.kind == .tooFrequent(closestGap: TimeInterval(gapMinutes * 60)))
        #expect(error.field == nil)
        #expect(error.reason.contains("(e.g. \(earlier) and \(later))"))
    }

    @Test func messageSaysHowOftenAndWhatTheMinimumIs() throws {
        let error = try #require(throws: CronError.self) { try CronExpression(parsing: "*/5 * * * *").validateMinimumInterval() }
        #expect(error.description == "cron expression '*/5 * * * *' fires every 5 minutes at the closest (e.g. 00:00 and 00:05); the minimum is 15 minutes")
    }

    /// With every day matching, the analytical closest gap equals the closest gap seen by
    /// actually firing the expression over three matching days.
    @Test func closestGapAgreesWithSimulatedFirings() throws {
        var generator = SeededGenerator(seed: 7)
        let utc = TimeZone(identifier: "UTC")!
        let start = Date(timeIntervalSince1970: 1_767_225_600) // 2026-01-01T00:00:00Z
        for _ in 0..<80 {
            let expression = try CronExpression(parsing: RandomCron.expression(using: &generator, dayFieldsWildcard: true))
            let perDay = expression.minutes.nonzeroBitCount * expression.hours.nonzeroBitCount
            let firings = expression.firings(after: start, count: 3 * perDay + 1, in: utc)
            let simulated = zip(firings, firings.dropFirst()).map { Int($1.timeIntervalSince($0)) / 60 }.min()
            let pair = try #require(expression.closestFirings(within: 1_441), "\(expression)")
            #expect(pair.later - pair.earlier == simulated, "\(expression)")
        }
    }
}
