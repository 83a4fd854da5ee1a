import Foundation

/// How a `CodecloudClient` talks to the service.
public struct ClientConfiguration: Sendable {
    /// The service's default address.
    public static let defaultBaseURL = URL(string: "https://codecloud.dev")!

    /// Scheme, host and port (and optional path prefix) every API path is appended to.
    public var baseURL: URL
    /// Bearer key for authenticated endpoints; never logged, never sent over plain http to a
    /// non-loopback host.
    public var apiKey: String?
    /// `User-Agent` header, `git-codecloud/<version>`.
    public var userAgent: String
    /// When and how often failed requests are repeated.
    public var retryPolicy: RetryPolicy
    /// Receives one line per request attempt (`CODECLOUD_DEBUG`); never sees headers or the key.
    public var logger: (@Sendable (String) -> Void)?
    /// Receives what the user should hear whatever the log level: a request without
    /// idempotency (a create) being sent again.
    public var notice: (@Sendable (String) -> Void)?

    public init(
        baseURL: URL = ClientConfiguration.defaultBaseURL,
        apiKey: String? = nil,
        userAgent: String,
        retryPolicy: RetryPolicy = .standard,
        logger: (@Sendable (String) -> Void)? = nil,
        notice: (@Sendable (String) -> Void)? = nil
    ) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.userAgent = userAgent
        self.retryPolicy = retryPolicy
        self.logger = logger
        self.notice = notice
    }
}

/// Capped exponential backoff with jitter and a total waiting budget.
///
/// Which requests may be repeated at all is the client's decision (GETs, DELETEs and keyed
/// follow-ups; create-run only when it surely never left this machine); this value decides how often and
/// how long to wait.
public struct RetryPolicy: Sendable {
    /// Attempts in total, the first included (1 = never retry).
    public var maxAttempts: Int
    /// Wait before the first retry; doubles for each further one.
    public var baseDelay: TimeInterval
    /// Longest single wait from backoff.
    public var maxDelay: TimeInterval
    /// Most time spent waiting across all retries of one call; a `Retry-After` beyond it ends the retries.
    public var totalBudget: TimeInterval
    /// Fraction (0...1) of each backoff wait that is randomised away, so clients do not retry in step.
    public var jitter: Double
    /// Waits between attempts; tests substitute one that records instead of sleeping.
    public var sleep: @Sendable (TimeInterval) async throws -> Void
    /// Random numbers in 0..<1 for jitter.
    public var random: @Sendable () -> Double
    /// The current time, to turn an HTTP-date `Retry-After` into seconds.
    public var now: @Sendable () -> Date

    public init(
        maxAttempts: Int = 4,
        baseDelay: TimeInterval = 0.5,
        maxDelay: TimeInterval = 8,
        totalBudget: TimeInterval = 20,
        jitter: Double = 0.5,
        sleep: @escaping @Sendable (TimeInterval) async throws -> Void = { seconds in
            try await Task.sleep(nanoseconds: UInt64(RetryPolicy.clampedDelay(seconds) * 1_000_000_000))
        },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.totalBudget = totalBudget
        self.jitter = min(max(jitter, 0), 1)
        self.sleep = sleep
        self.random = random
        self.now = now
    }

    /// Four attempts, 0.5 s doubling to at most 8 s, 20 s of waiting at most.
    public static let standard = RetryPolicy()
    /// One attempt only.
    public static let never = RetryPolicy(maxAttempts: 1)

    /// The backoff wait after failed attempt number `attempt` (1-based), jitter applied.
    public func backoff(afterAttempt attempt: Int) -> TimeInterval {
        let exponential = baseDelay * pow(2, Double(max(0, attempt - 1)))
        return min(maxDelay, exponential) * (1 - jitter * random())
    }

    /// The longest wait a server may ask for (`Retry-After`): five minutes. A longer request is
    /// taken as five minutes, so no answer from the service can make the client sleep for a day.
    public static let maximumServerDelay: TimeInterval = 300

    /// How long to wait before another attempt, or nil when the retries are used up: no attempts
    /// left, or the wait would overrun the budget. `retryAfter` (the server's word) replaces
    /// backoff; the budget is checked before any sleep, so a long `Retry-After` ends the retries
    /// at once instead of after the wait.
    func delay(afterAttempt attempt: Int, waitedSoFar: TimeInterval, retryAfter: TimeInterval?) -> TimeInterval? {
        guard attempt < maxAttempts else { return nil }
        let wait = Self.clampedDelay(retryAfter ?? backoff(afterAttempt: attempt))
        guard waitedSoFar + wait <= totalBudget else { return nil }
        return wait
    }

    /// `seconds` made safe to sleep for: NaN and negatives become 0, anything beyond
    /// `maximumServerDelay` (infinity included) becomes it.
    public static func clampedDelay(_ seconds: TimeInterval) -> TimeInterval {
        guard seconds.isFinite else { return seconds.isNaN ? 0 : (seconds > 0 ? maximumServerDelay : 0) }
        return min(max(0, seconds), maximumServerDelay)
    }

    /// Seconds from a `Retry-After` value, at most `maximumServerDelay`; nil when it is neither
    /// form RFC 9110 §10.2.3 allows. Only `delay-seconds` (ASCII digits, nothing else: no sign,
    /// no fraction, no exponent, no `inf`, no hex) and an `HTTP-date` (IMF-fixdate, or the obsolete
    /// RFC 850 and asctime forms) count; anything else is ignored, as if the header were absent.
    func retryAfterSeconds(_ value: String?) -> TimeInterval? {
        RetryAfter.seconds(value, now: now())
    }
}

/// The `Retry-After` grammar of RFC 9110 §10.2.3, parsed strictly.
public enum RetryAfter {
    /// Seconds to wait, clamped to `RetryPolicy.maximumServerDelay`, or nil for a value that is
    /// neither delay-seconds nor an HTTP-date. A date in the past means "now" (0).
    public static func seconds(_ value: String?, now: Date) -> TimeInterval? {
        guard let value = value?.trimmingCharacters(in: CharacterSet(charactersIn: " \t")), !value.isEmpty,
              value.utf8.count <= 64 else { return nil }
        if value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            // Any run of digits is valid; more than fits an Int is simply "very long".
            let seconds = Int(value).map(TimeInterval.init) ?? RetryPolicy.maximumServerDelay
            return RetryPolicy.clampedDelay(seconds)
        }
        guard let date = httpDate(value) else { return nil }
        return RetryPolicy.clampedDelay(date.timeIntervalSince(now))
    }

    /// An HTTP-date: `Sun, 06 Nov 1994 08:49:37 GMT` (IMF-fixdate), `Sunday, 06-Nov-94 08:49:37 GMT`
    /// (RFC 850) or `Sun Nov  6 08:49:37 1994` (asctime). The first, the one servers send, is
    /// read without a date formatter (the first one made costs start-up time).
    public static func httpDate(_ value: String) -> Date? {
        if let date = imfFixdate(value) { return date }
        // Every form is 24 to 33 printable ASCII characters with two colons; anything else is
        // not worth a date formatter.
        guard (24...33).contains(value.utf8.count), value.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }),
              value.utf8.filter({ $0 == UInt8(ascii: ":") }).count == 2 else { return nil }
        for format in ["EEE, dd MMM yyyy HH:mm:ss 'GMT'", "EEEE, dd-MMM-yy HH:mm:ss 'GMT'", "EEE MMM d HH:mm:ss yyyy"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            formatter.isLenient = false
            let text = format.hasPrefix("EEE MMM") ? value.replacingOccurrences(of: "  ", with: " ") : value
            if let date = formatter.date(from: text), date.timeIntervalSince1970.isFinite { return date }
        }
        return nil
    }

    private static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `Sun, 06 Nov 1994 08:49:37 GMT` as a date; nil for anything else (the weekday is not
    /// checked against the date, as the formatter does not check it either).
    static func imfFixdate(_ text: String) -> Date? {
        func number(_ digits: Substring, length: Int) -> Int? {
            digits.utf8.count == length && digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) ? Int(digits) : nil
        }
        let parts = text.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0].utf8.count == 4, parts[0].hasSuffix(","), parts[5] == "GMT",
              let day = number(parts[1], length: 2), let month = monthNames.firstIndex(of: String(parts[2])),
              let year = number(parts[3], length: 4), year >= 1970
        else { return nil }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let monthLength = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month]
        let clock = parts[4].split(separator: ":", omittingEmptySubsequences: false)
        guard (1...monthLength).contains(day), clock.count == 3,
              let hour = number(clock[0], length: 2), let minute = number(clock[1], length: 2), let second = number(clock[2], length: 2),
              hour < 24, minute < 60, second < 60
        else { return nil }
        // Days since 1970-01-01: Howard Hinnant's days_from_civil, with March as month 0.
        let shifted = month < 2 ? year - 1 : year
        let era = shifted / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * ((month + 10) % 12) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return Date(timeIntervalSince1970: TimeInterval(days * 86_400 + hour * 3_600 + minute * 60 + second))
    }
}
