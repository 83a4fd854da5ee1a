import CodecloudCore
import Testing

@Suite struct PollingScheduleTests {
    let schedule = PollingSchedule(minimum: .milliseconds(500), maximum: .seconds(10), growth: 0.15)

    @Test func theStandardScheduleIsNeverSlowerThanAFixedFiveSecondPoller() {
        #expect(PollingSchedule.standard.delay(statusAge: .seconds(3600)) == .seconds(5))
    }

    @Test func startsAtTheMinimum() {
        #expect(schedule.delay(statusAge: .zero) == .milliseconds(500))
        #expect(schedule.delay(statusAge: .seconds(2)) == .milliseconds(500))
    }

    @Test func growsWithTheAgeOfTheCurrentStatus() {
        #expect(schedule.delay(statusAge: .seconds(20)) == .seconds(3))
        #expect(schedule.delay(statusAge: .seconds(40)) == .seconds(6))
        #expect(schedule.delay(statusAge: .seconds(20)) < schedule.delay(statusAge: .seconds(40)))
    }

    @Test func isCapped() {
        #expect(schedule.delay(statusAge: .seconds(3600)) == .seconds(10))
    }

    @Test func retryAfterWinsOverAShorterDelay() {
        #expect(schedule.delay(statusAge: .zero, retryAfter: .seconds(7)) == .seconds(7))
        #expect(schedule.delay(statusAge: .seconds(3600), retryAfter: .seconds(1)) == .seconds(10))
    }

    @Test func requestCountForAMinuteLongStatusIsBounded() {
        // Simulate one status lasting 60 s: the schedule should ask a few dozen times, not hundreds.
        var elapsed = Duration.zero
        var polls = 0
        while elapsed < .seconds(60) {
            elapsed += schedule.delay(statusAge: elapsed)
            polls += 1
        }
        #expect(polls > 12)  // quicker than a fixed 5 s poller early on…
        #expect(polls < 40)  // …without flooding the service.
    }
}
