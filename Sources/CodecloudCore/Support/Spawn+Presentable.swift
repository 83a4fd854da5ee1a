import CodecloudProcess

/// A child that could not be started (git not on PATH, a missing directory) is reported like
/// any other failure of the command.
extension Spawn.Failure: PresentableError {
    public var message: String { description }
    public var hint: String? { nil }
    public var exitCode: CodecloudExitCode { .failure }
}
