/// The environment variables the tool reads, with what each does: the one list that the man
/// page's ENVIRONMENT section and the README's table are generated from (`make completions`).
/// A variable read in `Environment` without an entry here is a documentation bug.
public enum DocumentedEnvironment {
    /// One variable and what it does, as a sentence.
    public struct Variable: Sendable, Equatable {
        public var name: String
        public var meaning: String
    }

    /// Every variable, in the order the docs list them.
    public static let variables: [Variable] = [
        .init(name: "CODECLOUD_API_KEY", meaning: "The API key. Takes precedence over the key stored by `git codecloud auth login`."),
        .init(name: "CODECLOUD_API_URL", meaning: "Base URL of the codecloud API (default https://codecloud.dev); point it at a codecloud-emulator to work offline. Overrides `git config codecloud.url`."),
        .init(name: "CODECLOUD_DEBUG", meaning: "When set to anything but 0, false or no, log each API request on standard error: method, URL, status, duration and retries (never headers or the key)."),
        .init(name: "CODECLOUD_COMPLETION_TIMEOUT", meaning: "Seconds a shell completion may wait for the service to list run and schedule identifiers before the cached list is offered (default 0.8)."),
        .init(name: "CODECLOUD_FETCH_TIMEOUT", meaning: "Seconds one `git fetch` of a PR branch may take before it is stopped (default 600); a transfer that stalls below 1 KiB/s for 30 s fails sooner."),
        .init(name: "https_proxy", meaning: "Proxy for the API over https (also HTTPS_PROXY; http_proxy for an http URL, all_proxy or ALL_PROXY for either), read as curl reads it: `[http://|socks5://][user:password@]host[:port]`. `git fetch` reads the same variables itself."),
        .init(name: "no_proxy", meaning: "Comma-separated hosts reached without the proxy (also NO_PROXY): a name covers its subdomains, an address or CIDR range covers those addresses, `*` covers all."),
        .init(name: "NO_COLOR", meaning: "When set, no live status line (the tool prints no colour)."),
        .init(name: "TERM", meaning: "When `dumb`, no live status line."),
        .init(name: "TZ", meaning: "Time zone for schedule times given or shown in local time."),
        .init(name: "XDG_CONFIG_HOME", meaning: "Directory of the stored credentials file (default ~/.config)."),
        .init(name: "XDG_CACHE_HOME", meaning: "Directory of the completion cache (default ~/.cache)."),
        .init(name: "GIT_EDITOR", meaning: "The editor for `followup` without a prompt and `execute --edit`, resolved as git does (`git var GIT_EDITOR`: GIT_EDITOR, core.editor, VISUAL, EDITOR)."),
        .init(name: "HOME", meaning: "The user's home directory: the defaults above, and git's global configuration."),
    ]
}
