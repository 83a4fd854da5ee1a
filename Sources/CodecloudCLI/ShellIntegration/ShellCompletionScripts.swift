import ArgumentParser

/// A shell `git codecloud completion` writes a script for.
enum Shell: String, CaseIterable, ExpressibleByArgument, Sendable {
    case bash, zsh, fish

    var completionShell: CompletionShell {
        switch self {
        case .bash: .bash
        case .zsh: .zsh
        case .fish: .fish
        }
    }

    /// Where the repository keeps this shell's script (`make completions` writes them).
    var repositoryPath: String {
        switch self {
        case .bash: "completions/git-codecloud.bash"
        case .zsh: "completions/_git-codecloud"
        case .fish: "completions/git-codecloud.fish"
        }
    }
}

/// Completion scripts for `git-codecloud`: ArgumentParser generates them from the command
/// tree, and each gets a few lines that hook it into git's own completion, so that both
/// `git-codecloud <TAB>` and `git codecloud <TAB>` complete.
enum ShellCompletionScripts {
    /// The complete script for `shell`, ending in a newline.
    static func script(for shell: Shell) -> String {
        let generated = GitCodecloud.completionScript(for: shell.completionShell)
        let script: String
        switch shell {
        case .bash: script = generated.ensuringFinalNewline + bashGitHook
        case .zsh: script = zshWithGitHook(generated)
        case .fish: script = generated.ensuringFinalNewline + fishGitHook
        }
        return script.ensuringFinalNewline
    }

    /// git's bash completion calls `_git_<command>` for `git <command> …` (loading
    /// `completions/git-<command>` on demand), with git's word list. The generated function
    /// expects the words of `git-codecloud …`, and runs `${COMP_WORDS[0]}` for identifiers, so
    /// the hook rewrites the words, line and cursor as if `git-codecloud` had been typed.
    /// git registers its completion with `-o nospace`; the hook turns spaces back on.
    static let bashGitHook = #"""

        # --- git integration (added by git-codecloud) -------------------------------------
        # `git codecloud …`: git's completion calls _git_codecloud; answer it as if
        # `git-codecloud …` had been typed.
        _git_codecloud() {
            local -i index
            for ((index = 1; index < COMP_CWORD; index++)); do
                [[ "${COMP_WORDS[index]}" == codecloud ]] && break
            done
            ((index < COMP_CWORD)) || return 0

            local -r extglob_setting="$(shopt -p extglob)"
            shopt -s extglob
            local rest="${COMP_LINE}" word
            for word in "${COMP_WORDS[@]::index + 1}"; do
                rest="${rest##*([[:space:]])"${word}"}"
            done

            local -r codecloud_line="git-codecloud${rest}"
            local -ir codecloud_point=$((COMP_POINT - ${#COMP_LINE} + ${#codecloud_line}))
            local -ar codecloud_words=(git-codecloud "${COMP_WORDS[@]:index + 1}")
            local -ir codecloud_cword=$((COMP_CWORD - index))

            local COMP_LINE="${codecloud_line}"
            local -i COMP_POINT=${codecloud_point}
            local -a COMP_WORDS=("${codecloud_words[@]}")
            local -i COMP_CWORD=${codecloud_cword}
            local current="${COMP_WORDS[COMP_CWORD]}"
            current="${current:0:$(__git-codecloud_cursor_index_in_current_word)}"

            eval "${extglob_setting}"

            COMPREPLY=()
            _git-codecloud git-codecloud "${current}" "${COMP_WORDS[COMP_CWORD - 1]}"
            compopt +o nospace -o filenames 2>/dev/null
            return 0
        }

        """#

    /// zsh's `_git` calls `_git-<command>` for `git <command> …` with `words[1]` set to the
    /// command (`codecloud`); the generated function runs `${words[1]}` for identifiers, so
    /// it must read `git-codecloud` there.
    static func zshWithGitHook(_ generated: String) -> String {
        let anchor = #"    local -r command_name="${words[1]}""#
        let hook = #"""
                # `git codecloud …`: zsh's _git hands over words starting at "codecloud".
                [[ "${words[1]}" == codecloud ]] && words[1]=git-codecloud

            """#
        precondition(generated.contains(anchor), "ArgumentParser's zsh script changed; update ShellCompletionScripts.zshWithGitHook")
        return generated.replacingOccurrences(of: anchor, with: hook + anchor)
    }

    /// fish autoloads completions by command name, so `git codecloud …` never loads
    /// git-codecloud.fish by itself (fish 3.6's own delegation to `git-*` commands misses it).
    /// The hook ends the fish script, for `… | source`, and is also installed on its own in
    /// fish's vendor_conf.d, read at start-up; it loads the rest on first use.
    static var fishGitHookFile: String {
        String(fishGitHook.drop { $0 == "\n" })
    }

    /// Where the repository keeps fish's start-up hook (`make install` puts it in
    /// `share/fish/vendor_conf.d/git-codecloud.fish`).
    static let fishGitHookPath = "completions/git-codecloud.conf.fish"

    static let fishGitHook = #"""

        # --- git integration (added by git-codecloud) -------------------------------------
        # `git codecloud …`: complete as if `git-codecloud …` had been typed.
        function __git_codecloud_complete_through_git
            set -l tokens (commandline -opc)
            set -l index (contains -i -- codecloud $tokens)
            or return
            set -l words git-codecloud (string escape -- $tokens[(math $index + 1)..-1]) (commandline -ct)
            complete -C (string join -- ' ' $words)
        end
        complete -c git -f -n '__fish_seen_subcommand_from codecloud' -a '(__git_codecloud_complete_through_git)'

        """#
}

extension String {
    var ensuringFinalNewline: String {
        hasSuffix("\n") ? self : self + "\n"
    }
}
