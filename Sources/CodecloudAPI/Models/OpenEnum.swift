/// A server-defined string value that may grow over time: known values get cases, anything else
/// is kept verbatim in `.unknown(String)` so decoding never fails on a new value.
/// Codable comes from the standard library's `RawRepresentable` support; `init(rawValue:)`
/// never fails, so neither does decoding.
public protocol OpenEnum: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible
where RawValue == String {
    /// The values this client knows, in documentation order.
    static var knownCases: [Self] { get }
    /// A value this client does not know yet.
    static func unknown(_ rawValue: String) -> Self
}

extension OpenEnum {
    public init(rawValue: String) {
        self = Self.knownCases.first { $0.rawValue == rawValue } ?? .unknown(rawValue)
    }

    public var description: String { rawValue }
}

/// Lifecycle of a run: queued → running → completed | failed (a follow-up goes back to running).
public enum RunStatus: OpenEnum {
    case queued, running, completed, failed
    case unknown(String)

    public static let knownCases: [RunStatus] = [.queued, .running, .completed, .failed]

    public var rawValue: String {
        switch self {
        case .queued: "queued"
        case .running: "running"
        case .completed: "completed"
        case .failed: "failed"
        case .unknown(let value): value
        }
    }

    /// Whether the run has stopped changing (until a follow-up). Unknown statuses count as
    /// unfinished, so a waiter keeps polling rather than acting on a state it does not understand.
    public var isFinished: Bool { self == .completed || self == .failed }
}

/// `execute` changes code; `plan` only returns a plan.
public enum RunMode: OpenEnum {
    case execute, plan
    case unknown(String)

    public static let knownCases: [RunMode] = [.execute, .plan]

    public var rawValue: String {
        switch self {
        case .execute: "execute"
        case .plan: "plan"
        case .unknown(let value): value
        }
    }
}

/// A schedule fires once or on a cron.
public enum ScheduleType: OpenEnum {
    case once, recurring
    case unknown(String)

    public static let knownCases: [ScheduleType] = [.once, .recurring]

    public var rawValue: String {
        switch self {
        case .once: "once"
        case .recurring: "recurring"
        case .unknown(let value): value
        }
    }
}

/// Whether a schedule still fires.
public enum ScheduleStatus: OpenEnum {
    case active, completed, deleted
    case unknown(String)

    public static let knownCases: [ScheduleStatus] = [.active, .completed, .deleted]

    public var rawValue: String {
        switch self {
        case .active: "active"
        case .completed: "completed"
        case .deleted: "deleted"
        case .unknown(let value): value
        }
    }
}
