/// How long to wait before asking the service about a run again.
///
/// Runs can fail within a second of being created (unknown branch, bad model), and short runs
/// are the ones a person sits and watches, so polling starts quick. As a status lasts longer,
/// the chance it changes in the next second drops, so the delay grows with the time the run has
/// spent in its current status, up to a cap. A status change resets the clock. A `Retry-After`
/// from the service always wins over a shorter delay.
///
/// The effect (detection lag and requests per run against a fixed 5-second poller) is measured
/// by `make bench` and recorded in BENCHMARKS.md.
public struct PollingSchedule: Sendable, Equatable {
    /// The shortest delay, used right after a run is created or changes status.
    public var minimum: Duration
    /// The longest delay, however long a status lasts.
    public var maximum: Duration
    /// The delay as a share of the time the run has spent in its current status.
    public var growth: Double

    /// The schedule the CLI uses. The 5 s cap is measured (BENCHMARKS.md): with a 10 s cap,
    /// minute-long runs were noticed later than by a fixed 5 s poller; at 5 s the adaptive
    /// schedule is never slower than it and much quicker for short runs.
    public static let standard = PollingSchedule(minimum: .milliseconds(500), maximum: .seconds(5), growth: 0.15)

    public init(minimum: Duration, maximum: Duration, growth: Double) {
        precondition(minimum > .zero && maximum >= minimum && growth >= 0)
        self.minimum = minimum
        self.maximum = maximum
        self.growth = growth
    }

    /// The delay before the next poll, given how long the current status has lasted and any
    /// `Retry-After` the service sent with its last answer.
    public func delay(statusAge: Duration, retryAfter: Duration? = nil) -> Duration {
        let proportional = statusAge * growth
        let bounded = Swift.min(maximum, Swift.max(minimum, proportional))
        guard let retryAfter else { return bounded }
        return Swift.max(bounded, retryAfter)
    }
}
