import Foundation

/// The one developer-like environment every test process runs in: a HOME (and
/// XDG_CONFIG_HOME) of the test's own, no system git config, no prompts or askpass helpers, a
/// fixed author and committer, `LANG=C` and the real PATH (to find git). `ScratchHome`,
/// `GitSandbox` and the emulator tests' harness all take their variables from here, so no test
/// reads the user's real configuration or credentials.
public enum DeveloperHome {
    /// Creates `home` and `home/.config` (the XDG config directory).
    public static func make(at home: String) throws {
        try FileManager.default.createDirectory(atPath: home + "/.config", withIntermediateDirectories: true)
    }

    /// The variables for a child process or workflow whose HOME is `home`; `fixedDates` also
    /// pins author and committer dates (reproducible commit ids); `extra` wins over the rest.
    public static func variables(home: String, fixedDates: Bool = false, extra: [String: String] = [:]) -> [String: String] {
        var variables = [
            "HOME": home,
            "XDG_CONFIG_HOME": home + "/.config",
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
            "LANG": "C",
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_ASKPASS": "",
            "SSH_ASKPASS": "",
            "GIT_AUTHOR_NAME": "Test Author",
            "GIT_AUTHOR_EMAIL": "author@example.com",
            "GIT_COMMITTER_NAME": "Test Committer",
            "GIT_COMMITTER_EMAIL": "committer@example.com",
        ]
        if fixedDates {
            variables["GIT_AUTHOR_DATE"] = "2026-01-01T12:00:00Z"
            variables["GIT_COMMITTER_DATE"] = "2026-01-01T12:00:00Z"
        }
        return variables.merging(extra) { _, new in new }
    }
}
