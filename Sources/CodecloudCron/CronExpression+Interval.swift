import Foundation

extension CronExpression {
    /// Throws `CronError` of kind `.tooFrequent` when any two consecutive firings can be closer
    /// than `minimum` (the service's rule: at least 15 minutes).
    ///
    /// Firings are judged in UTC, as the service fires schedules (clocks there never jump).
    /// In a zone with daylight-saving time, a jump forward can bring two firings closer in
    /// real time than on the wall clock; the service's rule does not consider that either.
    public func validateMinimumInterval(_ minimum: TimeInterval = 15 * 60) throws {
        let minimumMinutes = Int((minimum / 60).rounded(.up))
        guard let closest = closestFirings(within: minimumMinutes) else { return }
        let gap = closest.later - closest.earlier
        let every = gap == 1 ? "minute" : "\(gap) minutes"
        throw CronError(
            field: nil,
            text: text,
            reason: "fires every \(every) at the closest (e.g. \(Self.clock(closest.earlier)) and \(Self.clock(closest.later))); the minimum is \(Self.duration(minimum))",
            kind: .tooFrequent(closestGap: TimeInterval(gap * 60))
        )
    }

    /// Two consecutive firings, as minutes from the start of the earlier one's day (the later
    /// one may exceed 1 440 when it falls on the next day).
    struct FiringPair: Equatable {
        var earlier: Int
        var later: Int
    }

    /// The closest pair of consecutive firings if they are less than `limit` minutes apart.
    ///
    /// Exact, not sampled. The firing times of a day are the same on every matching day: every
    /// allowed hour × every allowed minute. So consecutive firings are either
    ///   1. two neighbouring allowed minutes in the same hour: gap = m[i+1] − m[i];
    ///   2. the last minute of one allowed hour and the first minute of the next allowed hour:
    ///      gap = (h[j+1] − h[j]) · 60 + m.first − m.last;
    ///   3. the last firing of a matching day and the first of the next matching day; only
    ///      when those days are adjacent can this be under a day: gap = 1440 − (last − first).
    /// Cases 1 and 2 need only that the expression fires at all. Case 3 needs two adjacent
    /// matching days somewhere in the future; whether they exist is decided by walking one
    /// full 400-year Gregorian cycle (146 097 days, a whole number of weeks, so dates and
    /// weekdays repeat exactly after it): that covers every combination of month length,
    /// leap day and weekday that can ever occur.
    func closestFirings(within limit: Int) -> FiringPair? {
        guard canFire else { return nil }
        let minuteValues = (0...59).filter { minutes.contains($0) }
        let hourValues = (0...23).filter { hours.contains($0) }
        guard let firstMinute = minuteValues.first, let lastMinute = minuteValues.last,
              let firstHour = hourValues.first, let lastHour = hourValues.last else { return nil }

        var candidates: [FiringPair] = []
        for (minute, nextMinute) in zip(minuteValues, minuteValues.dropFirst()) {
            candidates.append(FiringPair(earlier: firstHour * 60 + minute, later: firstHour * 60 + nextMinute))
        }
        for (hour, nextHour) in zip(hourValues, hourValues.dropFirst()) {
            candidates.append(FiringPair(earlier: hour * 60 + lastMinute, later: nextHour * 60 + firstMinute))
        }
        let acrossMidnight = FiringPair(earlier: lastHour * 60 + lastMinute, later: 1_440 + firstHour * 60 + firstMinute)
        let gap = { (pair: FiringPair) in pair.later - pair.earlier }
        let closestWithinDay = candidates.min { gap($0) < gap($1) }
        let bestSoFar = closestWithinDay.map(gap) ?? .max
        if gap(acrossMidnight) < min(limit, bestSoFar), hasAdjacentMatchingDays() {
            return acrossMidnight
        }
        guard let closestWithinDay, gap(closestWithinDay) < limit else { return nil }
        return closestWithinDay
    }

    /// Whether two consecutive calendar days both match the day and month fields, ever.
    func hasAdjacentMatchingDays() -> Bool {
        var weekday = CivilTime.weekday(year: 2000, month: 1, day: 1)
        var previousMatched = false
        // One full cycle plus January 1 of the next, which closes the wrap-around pair.
        for year in 2000...2400 {
            for month in 1...(year == 2400 ? 1 : 12) {
                let monthAllowed = months.contains(month)
                for day in 1...(year == 2400 ? 1 : CivilTime.daysInMonth(month, year: year)) {
                    let matched = monthAllowed && matchesDay(day, weekday: weekday)
                    if matched && previousMatched { return true }
                    previousMatched = matched
                    weekday = (weekday + 1) % 7
                }
            }
        }
        return false
    }

    /// `HH:MM` for minutes from midnight (wrapping past 24 h).
    private static func clock(_ minutes: Int) -> String {
        let wrapped = minutes % 1_440
        let hour = wrapped / 60, minute = wrapped % 60
        return (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
    }

    private static func duration(_ interval: TimeInterval) -> String {
        let seconds = Int(interval)
        if seconds % 60 == 0 { return seconds == 60 ? "1 minute" : "\(seconds / 60) minutes" }
        return "\(seconds) seconds"
    }
}
