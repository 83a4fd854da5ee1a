import Foundation

extension CronExpression {
    /// Whether the expression ever fires (`0 0 30 2 *` and `0 0 31 4 *` never do).
    public var canFire: Bool {
        // When both day fields are restricted either may match, and every month has every
        // weekday, so some day always matches.
        if !dayFieldsMustBothMatch { return true }
        // Otherwise a day must match both fields. Over the 400-year Gregorian cycle every date
        // that exists (February 29 included) falls on every weekday, so it is enough that one
        // allowed day of the month exists in one allowed month.
        guard let firstDay = daysOfMonth.firstValue(atLeast: 1) else { return false }
        return (1...12).contains { month in
            months.contains(month) && firstDay <= (month == 2 ? 29 : CivilTime.daysInMonth(month, year: 2001))
        }
    }

    /// The first firing strictly after `date`, reading the fields as wall-clock time in
    /// `timeZone`; nil when the expression never fires.
    ///
    /// Daylight-saving rules: a wall-clock time skipped by a jump forward fires once, at the
    /// jump (a daily `30 2 * * *` runs at 03:00 that day rather than not at all); a wall-clock
    /// time that occurs twice when clocks go back fires once, at its first occurrence.
    public func nextFiring(after date: Date, in timeZone: TimeZone) -> Date? {
        guard canFire else { return nil }
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        var searchedUpTo = CivilTime(secondsSinceEpoch: seconds + timeZone.secondsFromGMT(for: date))
        while let wallTime = nextCivilTime(after: searchedUpTo) {
            // Only a wall time repeated by a jump back can map to an instant at or before
            // `date` (its first occurrence already passed); it does not fire again.
            let instant = Self.firstInstant(showing: wallTime, in: timeZone)
            if instant > date { return instant }
            searchedUpTo = wallTime
        }
        return nil
    }

    /// The next `count` firings after `date`, in order (fewer only if the expression never fires).
    public func firings(after date: Date, count: Int, in timeZone: TimeZone) -> [Date] {
        var result: [Date] = []
        var last = date
        while result.count < count, let next = nextFiring(after: last, in: timeZone) {
            result.append(next)
            last = next
        }
        return result
    }

    /// The first matching wall-clock minute strictly after `start`.
    ///
    /// Skips by field: a wrong month jumps to the next allowed month, a wrong hour to the next
    /// allowed hour, and so on, so a search costs at most a few hundred steps even when the
    /// next firing is a February 29 years away.
    func nextCivilTime(after start: CivilTime) -> CivilTime? {
        var time = start
        time.minute += 1
        // Any expression that can fire does so within 8 years (February 29 across a skipped
        // century leap year); the bound only guards against a logic error looping forever.
        let lastYear = start.year + 400
        while time.year <= lastYear {
            // Carry overflowing fields upwards; a carried field resets everything below it.
            if time.minute > 59 { (time.hour, time.minute) = (time.hour + 1, 0) }
            if time.hour > 23 { (time.day, time.hour) = (time.day + 1, 0) }
            if time.day > CivilTime.daysInMonth(time.month, year: time.year) { (time.month, time.day) = (time.month + 1, 1) }
            if time.month > 12 { (time.year, time.month) = (time.year + 1, 1) }

            guard let month = months.firstValue(atLeast: time.month) else {
                time = CivilTime(year: time.year + 1, month: 1, day: 1, hour: 0, minute: 0)
                continue
            }
            if month != time.month {
                time = CivilTime(year: time.year, month: month, day: 1, hour: 0, minute: 0)
            }
            let weekday = CivilTime.weekday(year: time.year, month: time.month, day: time.day)
            guard matchesDay(time.day, weekday: weekday), let hour = hours.firstValue(atLeast: time.hour) else {
                (time.day, time.hour, time.minute) = (time.day + 1, 0, 0)
                continue
            }
            if hour != time.hour { (time.hour, time.minute) = (hour, 0) }
            guard let minute = minutes.firstValue(atLeast: time.minute) else {
                (time.hour, time.minute) = (time.hour + 1, 0)
                continue
            }
            time.minute = minute
            return time
        }
        return nil
    }

    /// The earliest instant at which the wall clock in `zone` reads `wallTime` or later: the
    /// instant itself, the first of two when clocks went back, or the end of the gap when
    /// clocks jumped over it.
    static func firstInstant(showing wallTime: CivilTime, in zone: TimeZone) -> Date {
        let wall = wallTime.secondsSinceEpoch
        func offset(_ instant: Int) -> Int {
            zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant)))
        }
        // The instant lies within a day of `wall` read as UTC (offsets stay within ±14 h).
        // Offsets sampled a day either side cover any single transition in between.
        let dayBefore = wall - 86_400
        let dayAfter = wall + 86_400
        let candidates = Set([offset(dayBefore), offset(wall), offset(dayAfter)])
            .map { wall - $0 }
            .filter { offset($0) == wall - $0 }
        if let first = candidates.min() {
            return Date(timeIntervalSince1970: TimeInterval(first))
        }
        // Skipped by a jump forward: find the transition by bisection (about 17 steps).
        let offsetBefore = offset(dayBefore)
        var (low, high) = (dayBefore, dayAfter)
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if offset(middle) == offsetBefore { low = middle } else { high = middle }
        }
        return Date(timeIntervalSince1970: TimeInterval(high))
    }
}
