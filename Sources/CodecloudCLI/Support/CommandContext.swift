import CodecloudCore

/// Values that belong to the command being run but reach code ArgumentParser calls on its
/// own, such as shell-completion callbacks.
enum CommandContext {
    /// The environment `CommandRunner.run` was given; nil outside a run.
    @TaskLocal static var environment: Environment?

    /// The run's environment, or the real process environment outside a run.
    static var currentEnvironment: Environment {
        environment ?? .current()
    }
}
