import ArgumentParser
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
        return IdentifierCompletion(
            cache: CompletionCache(environment: environment),
            source: CompletionSources.live(environment)
        )
    }
}

/// Where completion fetches fresh identifiers from.
enum CompletionSources {
    /// The service the user's configuration points at, or nil when it cannot be asked (no API
    /// key). Tests replace it through `override`.
    static func live(_ environment: Environment) -> (any CompletionSource)? {
        if let override = override { return override(environment) }
        // SEAM: answered from the codecloud API client once CodecloudAPI and the
        // configuration resolution are merged (CodecloudClient.runs(limit:) / schedules(limit:)).
        return nil
    }

    /// A replacement source for tests, chosen per environment.
    @TaskLocal static var override: (@Sendable (Environment) -> (any CompletionSource)?)?
}
