import ArgumentParser
import CodecloudAPI
import CodecloudCore

extension CompletionKind {
    /// Completes recent run identifiers (from the local cache, refreshed from the service
    /// within a fraction of a second). Use: `@Argument(completion: .runIdentifiers)`.
    static var runIdentifiers: CompletionKind {
        .custom { _, _, prefix in
            await IdentifierCompletion.forShell().candidates(.runs, prefix: prefix)
        }
    }

    /// Completes recent schedule identifiers, like `runIdentifiers`.
    static var scheduleIdentifiers: CompletionKind {
        .custom { _, _, prefix in
            await IdentifierCompletion.forShell().candidates(.schedules, prefix: prefix)
        }
    }
}

extension IdentifierCompletion {
    /// The completer a shell's TAB uses, for the running command's environment.
    static func forShell() -> IdentifierCompletion {
        let environment = CommandContext.currentEnvironment
        var completion = IdentifierCompletion(
            cache: CompletionCache(environment: environment),
            source: CompletionSources.live(environment)
        )
        if let timeout = environment.completionTimeout { completion.fetchTimeout = timeout }
        return completion
    }
}

/// Where completion fetches fresh identifiers from.
enum CompletionSources {
    /// The service the user's configuration points at, or nil when the configuration is
    /// unusable. Tests replace it through `override`.
    static func live(_ environment: Environment) -> (any CompletionSource)? {
        if let override = override { return override(environment) }
        guard let configuration = try? Dependencies.configuration(environment: environment) else { return nil }
        return APICompletionSource(configuration: configuration, environment: environment, transport: Dependencies.transport())
    }

    /// A replacement source for tests, chosen per environment.
    @TaskLocal static var override: (@Sendable (Environment) -> (any CompletionSource)?)?
}
