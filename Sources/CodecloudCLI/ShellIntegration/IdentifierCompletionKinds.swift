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

    /// Completes model ids from the public catalogue (cached like identifiers).
    static var modelIdentifiers: CompletionKind {
        .custom { _, _, prefix in
            var completion = IdentifierCompletion.forShell()
            completion.limit = 1000
            return await completion.candidates(.models, prefix: prefix)
        }
    }

    /// Completes provider ids from the public catalogue.
    static var providerIdentifiers: CompletionKind {
        .custom { _, _, prefix in
            await IdentifierCompletion.forShell().candidates(.providers, prefix: prefix)
        }
    }

    /// Completes the checkout's remotes.
    static var gitRemotes: CompletionKind { .shellCommand("git remote 2>/dev/null") }

    /// Completes branch names the remotes have (what the agent can start from).
    static var remoteBranches: CompletionKind {
        .shellCommand("git for-each-ref --format='%(refname:lstrip=3)' refs/remotes 2>/dev/null | grep -vx HEAD | sort -u")
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
        return APICompletionSource(configuration: configuration, environment: environment, transport: Dependencies.transport(for: environment))
    }

    /// A replacement source for tests, chosen per environment.
    @TaskLocal static var override: (@Sendable (Environment) -> (any CompletionSource)?)?
}
