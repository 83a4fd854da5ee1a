import Foundation
import CodecloudCore

/// Renders `git-codecloud(1)` in mdoc from the command tree, the exit codes and the
/// documented environment, so `git help codecloud` always matches the binary.
enum ManualPage {
    /// Where the repository keeps the page (`make install` puts it in `share/man/man1`).
    static let repositoryPath = "docs/git-codecloud.1"

    /// The page's date line. Change it when the page changes in substance.
    static let date = "December 1, 2026"

    /// How the PR branch is fetched, for the DESCRIPTION section.
    static let fetching = """
        The PR branch is fetched with `git fetch --no-tags -- <remote> +refs/heads/<branch>:refs/remotes/<remote>/<branch>`, so only its remote-tracking branch moves, and everything git uses to reach the remote applies: ~/.ssh/config host aliases, core.sshCommand, credential helpers, proxies, url.<base>.insteadOf and http.* settings. An http transfer slower than 1000 bytes a second for 30 seconds fails as stalled (set http.lowSpeedLimit or http.lowSpeedTime to choose other limits); any fetch is stopped after CODECLOUD_FETCH_TIMEOUT seconds (600 by default). Ctrl-C or SIGTERM during a fetch stops git and its helpers within about a second, changes nothing locally, and exits 130 with the command that resumes. Nothing containing a newline, carriage return or NUL is ever passed to git credential.
        """

    /// Files the tool reads or writes, for the FILES section.
    static let files: [(path: String, meaning: String)] = [
        ("$XDG_CONFIG_HOME/git-codecloud/credentials", "API keys stored by `git codecloud auth login` when no git credential helper is configured (mode 0600)."),
        ("$XDG_CACHE_HOME/git-codecloud/completion-cache.json", "Recent run and schedule identifiers for shell completion; safe to delete."),
        (".git/codecloud/backup/<UTC time>/", "Ignored files a landing with `--force` replaced, saved first with their paths relative to the work tree."),
        ("refs/codecloud/rounds/<run>/", "A run's review rounds: `<n>/previous` and `<n>/landed`, each landing's tips; `git config codecloud-run.<run>.start` holds the commit the agent was sent, `codecloud-run.<run>.check<n>` round n's --verify result. See docs/REVIEW.md."),
    ]

    /// The LANDING section: what landing runs through git, and what it refuses that git would not.
    static let landing: [String] = [
        "Landing reads through libgit2 and writes through git, so clean/smudge filters (Git LFS), `post-checkout` hooks, sparse checkout, eol conversion and fsmonitor behave exactly as for `git checkout`. It runs `git fetch --no-tags <remote> +refs/heads/<branch>:refs/remotes/<remote>/<branch>`, then for a new branch `git checkout --no-track -b <branch> <tip>`; for the branch checked out here `git merge --ff-only <tip>`; for another existing branch `git update-ref refs/heads/<branch> <tip> <old>` and `git checkout <branch>`; with `--worktree`, `git update-ref` and `git worktree add <path> <branch>`. A forced move of the checked-out branch is `git checkout --detach <tip>`, `git update-ref` and `git symbolic-ref HEAD`.",
        "Every branch move is compare-and-swap against what the pre-flight read: a branch that moved since (a commit from an editor or another terminal) is refused with exit status 6 and never overwritten; run the command again.",
        "Stricter than git: landing refuses (exit status 6, naming the paths) a work tree with tracked changes or with untracked files the checkout would overwrite, a local branch with commits the PR branch lacks (unless `--force`, which saves its tip under refs/codecloud/backup/), and ignored files the PR branch would replace, such as a local `.env` (unless `--force`, which copies them to .git/codecloud/backup/<UTC time>/ first and names the directory). A merge, rebase, am session, cherry-pick or revert stopped half-way in the work tree is refused too, as `git switch` refuses it (land with `--worktree`, or finish or abort it). See docs/LANDING.md.",
    ]

    /// The whole page.
    static func render(_ tree: CommandTreeDescription) -> String {
        let root = tree.command
        var page = MDoc()
        page.macro("Dd", date)
        page.macro("Dt", "GIT-CODECLOUD 1")
        page.macro("Os", "git-codecloud")

        page.section("NAME")
        page.macro("Nm", "git-codecloud")
        page.macro("Nd", lowercasingFirstLetter(sentence(root.abstract ?? "")))

        page.section("SYNOPSIS")
        page.macro("Nm", "git codecloud")
        page.macro("Ar", "command")
        page.macro("Op", "Ar arguments")
        page.synopsis(of: root, path: "git codecloud", includingHelp: true)

        page.section("DESCRIPTION")
        page.prose(root.discussion ?? "")
        page.prose("When installed, `git help codecloud` and `git codecloud --help` show this page; `git codecloud -h` and `git codecloud <command> -h` print a short summary.")
        page.prose(fetching)
        page.options(of: root, includingHelp: true)

        page.section("COMMANDS")
        for command in root.subcommands ?? [] {
            page.command(command, path: "git codecloud")
        }

        page.section("LANDING")
        landing.forEach { page.prose($0) }

        page.section("ENVIRONMENT")
        page.tagList(DocumentedEnvironment.variables.map { ("Ev \($0.name)", $0.meaning) })

        page.section("FILES")
        page.tagList(files.map { ("Pa \($0.path)", $0.meaning) })

        page.section("EXIT STATUS")
        page.tagList(CodecloudExitCode.allCases.map { ("Sy \($0.rawValue)", sentence($0.meaning)) })

        page.section("SEE ALSO")
        page.macro("Xr", "git 1 ,")
        page.macro("Xr", "git-config 1 ,")
        page.macro("Xr", "gitcredentials 7")
        return page.portableText
    }

    /// A prose line: backslashes escaped, hyphens kept as ASCII minus (so copied flags work),
    /// `code spans` in bold, and a leading `.` or `'` kept from being read as a request.
    static func escapeLine(_ line: String) -> String {
        var escaped = line
            .replacingOccurrences(of: "\\", with: "\\e")
            .replacingOccurrences(of: "-", with: "\\-")
        let spans = escaped.split(separator: "`", omittingEmptySubsequences: false)
        if spans.count > 1, spans.count % 2 == 1 {
            escaped = spans.enumerated().map { index, span in index % 2 == 1 ? "\\fB" + span + "\\fP" : String(span) }.joined()
        }
        if escaped.hasPrefix(".") || escaped.hasPrefix("'") { escaped = "\\&" + escaped }
        return escaped
    }

    /// `text` with a capital first letter and a full stop.
    static func sentence(_ text: String) -> String {
        guard let first = text.first else { return text }
        let capitalised = first.uppercased() + text.dropFirst()
        return capitalised.hasSuffix(".") ? capitalised : capitalised + "."
    }

    /// `.Nd` reads best as a lower-case phrase without the full stop.
    static func lowercasingFirstLetter(_ text: String) -> String {
        guard let first = text.first else { return text }
        let phrase = first.lowercased() + text.dropFirst()
        return phrase.hasSuffix(".") ? String(phrase.dropLast()) : phrase
    }
}

/// A small mdoc writer: macro lines, escaped prose, literal blocks and tagged lists.
private struct MDoc {
    private(set) var text = ""

    /// The page in ASCII: common punctuation as escapes every output device has (`…` → `...`,
    /// `–` → `\(en`), anything else as `\[uXXXX]`, so any troff reads it whatever its input
    /// encoding and renders it even on a plain-ASCII terminal.
    var portableText: String {
        let named: [Unicode.Scalar: String] = [
            "\u{2026}": "...", "\u{2013}": "\\(en", "\u{2014}": "\\(em",
            "\u{2018}": "\\(oq", "\u{2019}": "\\(cq", "\u{201C}": "\\(lq", "\u{201D}": "\\(rq",
        ]
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                result.unicodeScalars.append(scalar)
            } else if let replacement = named[scalar] {
                result += replacement
            } else {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                result += "\\[u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "]"
            }
        }
        return result
    }

    mutating func macro(_ name: String, _ arguments: String = "") {
        text += "." + name + (arguments.isEmpty ? "" : " " + arguments) + "\n"
    }

    mutating func section(_ title: String) {
        macro("Sh", title)
    }

    /// Paragraphs separated by blank lines; indented lines (the `$ git codecloud …` examples)
    /// become literal displays.
    mutating func prose(_ source: String) {
        let paragraphs = source.components(separatedBy: "\n\n")
        for paragraph in paragraphs where !paragraph.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            macro("Pp")
            var literal: [String] = []
            func flushLiteral() {
                guard !literal.isEmpty else { return }
                macro("Bd", "-literal -offset indent")
                literal.forEach { text += ManualPage.escapeLine(String($0.drop { $0 == " " })) + "\n" }
                macro("Ed")
                literal.removeAll()
            }
            for line in paragraph.split(separator: "\n", omittingEmptySubsequences: true) {
                if line.hasPrefix(" ") {
                    literal.append(String(line))
                } else {
                    flushLiteral()
                    text += ManualPage.escapeLine(String(line)) + "\n"
                }
            }
            flushLiteral()
        }
    }

    /// `.Bl -tag` with one `.It` per item: a macro line head, then escaped prose.
    mutating func tagList(_ items: [(head: String, body: String)]) {
        guard !items.isEmpty else { return }
        macro("Bl", "-tag -width Ds")
        for item in items {
            macro("It", item.head)
            text += ManualPage.escapeLine(item.body) + "\n"
        }
        macro("El")
    }

    /// `git codecloud <path>` followed by its arguments, as one synopsis line.
    mutating func synopsis(of command: CommandTreeDescription.Command, path: String, includingHelp: Bool = false) {
        macro("Nm", path)
        for argument in Self.visibleArguments(of: command, includingHelp: includingHelp) {
            let usage = Self.usage(argument, allNames: false)
            // Required arguments are their own macro line (`.Ar prompt`).
            text += (argument.isOptional ? ".Op " : ".") + usage + "\n"
        }
    }

    mutating func options(of command: CommandTreeDescription.Command, includingHelp: Bool) {
        let arguments = Self.visibleArguments(of: command, includingHelp: includingHelp)
        tagList(arguments.map { argument in
            var body = argument.abstract.map(ManualPage.sentence) ?? ""
            if let discussion = argument.discussion, !discussion.isEmpty { body += " " + discussion }
            if let values = argument.allValues, !values.isEmpty, argument.kind != .flag {
                body += " One of: " + values.joined(separator: ", ") + "."
            }
            if let defaultValue = argument.defaultValue, !defaultValue.isEmpty, argument.kind != .flag {
                body += " Default: " + defaultValue + "."
            }
            return (Self.usage(argument, allNames: true), body)
        })
    }

    mutating func command(_ command: CommandTreeDescription.Command, path: String) {
        guard command.isVisible, command.commandName != "help" else { return }
        let fullPath = path + " " + command.commandName
        macro("Ss", fullPath)
        if command.subcommands?.isEmpty ?? true {
            synopsis(of: command, path: fullPath)
        }
        if let abstract = command.abstract {
            macro("Pp")
            text += ManualPage.escapeLine(ManualPage.sentence(abstract)) + "\n"
        }
        prose(command.discussion ?? "")
        options(of: command, includingHelp: false)
        for subcommand in command.subcommands ?? [] {
            self.command(subcommand, path: fullPath)
        }
    }

    private static func visibleArguments(
        of command: CommandTreeDescription.Command, includingHelp: Bool
    ) -> [CommandTreeDescription.Argument] {
        (command.arguments ?? []).filter { argument in
            guard argument.isVisible else { return false }
            let name = argument.preferredName?.name
            return includingHelp || (name != "help" && name != "version")
        }
    }

    /// `Fl -model Ar model`, `Fl h , Fl -help`, `Ar prompt No ...`: mdoc macro arguments.
    private static func usage(_ argument: CommandTreeDescription.Argument, allNames: Bool) -> String {
        var parts: [String]
        switch argument.kind {
        case .positional:
            parts = ["Ar " + escapeArgument(argument.valueName ?? "value")]
        case .flag, .option:
            let names = allNames ? (argument.names ?? []) : [argument.preferredName ?? argument.names?.first].compactMap { $0 }
            parts = [names.map { "Fl " + escapeArgument(String($0.spelling.dropFirst())) }.joined(separator: " , ")]
            if argument.kind == .option {
                parts.append("Ar " + escapeArgument(argument.valueName ?? "value"))
            }
        }
        if argument.isRepeating { parts.append("No ...") }
        return parts.joined(separator: " ")
    }

    /// Arguments on macro lines: backslashes escaped, and anything a macro could take for
    /// its own name guarded with `\&`.
    private static func escapeArgument(_ text: String) -> String {
        let escaped = text.replacingOccurrences(of: "\\", with: "\\e")
        return escaped.first?.isUppercase == true ? "\\&" + escaped : escaped
    }

}
