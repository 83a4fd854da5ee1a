function __git-codecloud_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __git-codecloud_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __git-codecloud_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __git-codecloud_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __git-codecloud_parse_tokens -S
    set -l unparsed_tokens (__git-codecloud_tokens -pc)
    switch $unparsed_tokens[1]
    case 'git-codecloud'
        __git-codecloud_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'fix'
            __git-codecloud_parse_subcommand 1 'F/prompt-file=' 'R/repo=' 'b/branch=' 'remote=' 'model=' 'provider=' 'webhook-url=' 'tools=' 'no-pr' 'no-wait' 'timeout=' 'json' 'no-checkout' 'worktree' 'worktree-path=' 'force' 'attempts=' 'verify=' 'iterate=' 'no-verify' 'version' 'h/help'
        case 'plan'
            __git-codecloud_parse_subcommand 1 'F/prompt-file=' 'R/repo=' 'b/branch=' 'remote=' 'model=' 'provider=' 'webhook-url=' 'tools=' 'no-wait' 'timeout=' 'json' 'version' 'h/help'
        case 'run'
            __git-codecloud_parse_subcommand 1 'F/prompt-file=' 'mode=' 'blank-workspace' 'R/repo=' 'b/branch=' 'remote=' 'model=' 'provider=' 'webhook-url=' 'tools=' 'no-pr' 'no-wait' 'timeout=' 'json' 'no-checkout' 'worktree' 'worktree-path=' 'force' 'attempts=' 'version' 'h/help'
        case 'execute'
            __git-codecloud_parse_subcommand 1 'm/message=' 'no-wait' 'timeout=' 'json' 'edit' 'no-checkout' 'worktree' 'worktree-path=' 'force' 'verify=' 'iterate=' 'no-verify' 'version' 'h/help'
        case 'followup'
            __git-codecloud_parse_subcommand -r 1 'F/prompt-file=' 'plan' 'execute' 'no-update-pr' 'tools=' 'no-wait' 'timeout=' 'json' 'no-checkout' 'worktree' 'worktree-path=' 'force' 'verify=' 'iterate=' 'no-verify' 'version' 'h/help'
        case 'wait'
            __git-codecloud_parse_subcommand -r 1 'all' 'timeout=' 'json' 'no-checkout' 'worktree' 'worktree-path=' 'force' 'verify=' 'iterate=' 'no-verify' 'version' 'h/help'
        case 'watch'
            __git-codecloud_parse_subcommand 0 'all' 'timeout=' 'json' 'version' 'h/help'
        case 'pick'
            __git-codecloud_parse_subcommand 1 'keep-worktree' 'force' 'json' 'version' 'h/help'
        case 'checkout'
            __git-codecloud_parse_subcommand 1 'json' 'worktree' 'worktree-path=' 'force' 'verify=' 'iterate=' 'no-verify' 'version' 'h/help'
        case 'show'
            __git-codecloud_parse_subcommand 1 'json' 'version' 'h/help'
        case 'list'
            __git-codecloud_parse_subcommand 0 'status=' 'L/limit=' 'all' 'R/repo=' 'remote=' 'json' 'version' 'h/help'
        case 'diff'
            __git-codecloud_parse_subcommand -r 1 'version' 'h/help'
        case 'review'
            __git-codecloud_parse_subcommand -r 1 'round=' 'all' 'version' 'h/help'
        case 'status'
            __git-codecloud_parse_subcommand 0 'R/repo=' 'b/branch=' 'remote=' 'json' 'version' 'h/help'
        case 'schedule'
            __git-codecloud_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'create'
                __git-codecloud_parse_subcommand 1 'cron=' 'at=' 'first-run=' 'F/prompt-file=' 'R/repo=' 'b/branch=' 'remote=' 'model=' 'provider=' 'webhook-url=' 'tools=' 'plan' 'no-pr' 'json' 'version' 'h/help'
            case 'list'
                __git-codecloud_parse_subcommand 0 'status=' 'L/limit=' 'json' 'version' 'h/help'
            case 'show'
                __git-codecloud_parse_subcommand 1 'json' 'version' 'h/help'
            case 'delete'
                __git-codecloud_parse_subcommand 1 'y/yes' 'version' 'h/help'
            end
        case 'auth'
            __git-codecloud_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'login'
                __git-codecloud_parse_subcommand 0 'with-key' 'version' 'h/help'
            case 'status'
                __git-codecloud_parse_subcommand 0 'json' 'version' 'h/help'
            case 'logout'
                __git-codecloud_parse_subcommand 0 'version' 'h/help'
            end
        case 'models'
            __git-codecloud_parse_subcommand 0 'provider=' 'json' 'version' 'h/help'
        case 'providers'
            __git-codecloud_parse_subcommand 0 'json' 'version' 'h/help'
        case 'completion'
            __git-codecloud_parse_subcommand 1 'version' 'h/help'
        case 'help'
            __git-codecloud_parse_subcommand -r 1 'version'
        end
    end
end

function __git-codecloud_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __git-codecloud_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __git-codecloud_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __git-codecloud_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__git-codecloud_tokens -p)
    if test -z "$(__git-codecloud_tokens -t)"
        set -l index (count (__git-codecloud_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'git-codecloud' -f
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud" version' -l 'version' -d 'Show the version.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_positional "git-codecloud" -eq 1' -fa 'fix' -d 'Have an agent make a change, wait, and check out its PR branch.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_positional "git-codecloud" -eq 1' -fa 'plan' -d 'Have an agent write a plan (no changes), wait, and print it.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_positional "git-codecloud" -eq 1' -fa 'run' -d 'Submit a run in any mode, optionally in a blank workspace.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_positional "git-codecloud" -eq 1' -fa 'execute' -d 'Approve a plan: the same run makes the changes, then its branch is checked out.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_positional "git-codecloud" -eq 1' -fa 'followup' -d 'Send a follow-up to a finished run, wait, and update its branch.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_positional "git-codecloud" -eq 1' -fa 'wait' -d 'Wait for a run (or several) to finish, then check out the PR branches.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_positional "git-codecloud" -eq 1' -fa 'watch' -d 'Show a live board of this repository\'s queued and running runs.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_positional "git-codecloud" -eq 1' -fa 'pick' -d 'Keep one attempt of \'fix --attempts N\'; remove the others\' worktrees and branches.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_positional "git-codecloud" -eq 1' -fa 'checkout' -d 'Fetch a finished run\'s PR branch and check it out.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_positional "git-codecloud" -eq 1' -fa 'show' -d 'Show a run: status, PRs, tokens, timing, and the agent\'s result or plan.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_positional "git-codecloud" -eq 1' -fa 'list' -d 'List recent runs of this repository (or all with --all).'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_positional "git-codecloud" -eq 1' -fa 'diff' -d 'Show what a run changed: its branch against the branch it started from.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_positional "git-codecloud" -eq 1' -fa 'review' -d 'Show what the agent changed in the latest round of a run (or another round, or all of it).'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_positional "git-codecloud" -eq 1' -fa 'status' -d 'Show what git codecloud infers from this checkout.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_positional "git-codecloud" -eq 1' -fa 'schedule' -d 'Run agents on a cron schedule or once at a set time.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_positional "git-codecloud" -eq 1' -fa 'auth' -d 'Store, check or remove your codecloud API key.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_positional "git-codecloud" -eq 1' -fa 'models' -d 'List the AI models codecloud can run, grouped by provider.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_positional "git-codecloud" -eq 1' -fa 'providers' -d 'List AI providers and the credentials each needs on your codecloud account.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_positional "git-codecloud" -eq 1' -fa 'completion' -d 'Print the shell completion script for bash, zsh or fish.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_positional "git-codecloud" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud fix" F prompt-file' -s 'F' -l 'prompt-file' -d 'Read the prompt from a file; - reads standard input.' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud fix" R repo' -s 'R' -l 'repo' -d 'Repository on codecloud instead of the one inferred from the remote.' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud fix" b branch' -l 'branch' -s 'b' -d 'Branch the agent starts from instead of the current branch\'s upstream.' -rfka '(git for-each-ref --format=\'%(refname:lstrip=3)\' refs/remotes 2>/dev/null | grep -vx HEAD | sort -u)'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud fix" remote' -l 'remote' -d 'Git remote to infer the repository from and fetch the PR branch from.' -rfka '(git remote 2>/dev/null)'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud fix" model' -l 'model' -d 'Model id (see git codecloud models); default: codecloud.model, then the account\'s.' -rfka '(__git-codecloud_custom_completion ---completion fix -- --model (count (__git-codecloud_tokens -pc)) (__git-codecloud_tokens -tC))'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud fix" provider' -l 'provider' -d 'Provider id (see git codecloud providers); default: codecloud.provider, then the account\'s.' -rfka '(__git-codecloud_custom_completion ---completion fix -- --provider (count (__git-codecloud_tokens -pc)) (__git-codecloud_tokens -tC))'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud fix" webhook-url' -l 'webhook-url' -d 'URL codecloud posts completion webhooks to.' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud fix" tools' -l 'tools' -d 'JSON file with an array of tool definitions (at most 50) the agent may call.' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud fix" no-pr' -l 'no-pr' -d 'Do not ask for a pull request (nothing to check out afterwards).'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud fix" no-wait' -l 'no-wait' -d 'Print the run id and return at once instead of waiting.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud fix" timeout' -l 'timeout' -d 'Stop waiting after this long (e.g. 90s, 10m, 1h; at most 168h); the run goes on (exit 5).' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud fix" json' -l 'json' -d 'Print one JSON object with the run (and what was checked out) on stdout.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud fix" no-checkout' -l 'no-checkout' -d 'Do not fetch or check out the PR branch.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud fix" worktree' -l 'worktree' -d 'Check the branch out in a new linked worktree, leaving this one alone: beside the repository, or at PATH with --worktree=PATH.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud fix" worktree-path' -l 'worktree-path' -d 'Same as --worktree=PATH.' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud fix" force' -l 'force' -d 'Move a local branch that has diverged from the PR branch (its old tip is saved under refs/codecloud/backup/), and replace ignored files the PR branch adds (saved first under .git/codecloud/backup/).'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud fix" attempts' -l 'attempts' -d 'Run the prompt N times (2–5) from the same base; each attempt lands in its own worktree beside the repository, then a table compares them (keep one with \'git codecloud pick\').' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud fix" verify' -l 'verify' -d 'After landing, run this shell command in the landed work tree (default: codecloud.verify); exit 7 when it fails.' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud fix" iterate' -l 'iterate' -d 'When the check fails, send the command and the end of its output to the agent as a follow-up, land and check again; at most N times.' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud fix" no-verify' -l 'no-verify' -d 'Do not run codecloud.verify this time.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud fix" version' -l 'version' -d 'Show the version.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud fix" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud plan" F prompt-file' -s 'F' -l 'prompt-file' -d 'Read the prompt from a file; - reads standard input.' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud plan" R repo' -s 'R' -l 'repo' -d 'Repository on codecloud instead of the one inferred from the remote.' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud plan" b branch' -l 'branch' -s 'b' -d 'Branch the agent starts from instead of the current branch\'s upstream.' -rfka '(git for-each-ref --format=\'%(refname:lstrip=3)\' refs/remotes 2>/dev/null | grep -vx HEAD | sort -u)'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud plan" remote' -l 'remote' -d 'Git remote to infer the repository from and fetch the PR branch from.' -rfka '(git remote 2>/dev/null)'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud plan" model' -l 'model' -d 'Model id (see git codecloud models); default: codecloud.model, then the account\'s.' -rfka '(__git-codecloud_custom_completion ---completion plan -- --model (count (__git-codecloud_tokens -pc)) (__git-codecloud_tokens -tC))'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud plan" provider' -l 'provider' -d 'Provider id (see git codecloud providers); default: codecloud.provider, then the account\'s.' -rfka '(__git-codecloud_custom_completion ---completion plan -- --provider (count (__git-codecloud_tokens -pc)) (__git-codecloud_tokens -tC))'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud plan" webhook-url' -l 'webhook-url' -d 'URL codecloud posts completion webhooks to.' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud plan" tools' -l 'tools' -d 'JSON file with an array of tool definitions (at most 50) the agent may call.' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud plan" no-wait' -l 'no-wait' -d 'Print the run id and return at once instead of waiting.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud plan" timeout' -l 'timeout' -d 'Stop waiting after this long (e.g. 90s, 10m, 1h; at most 168h); the run goes on (exit 5).' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud plan" json' -l 'json' -d 'Print one JSON object with the run (and what was checked out) on stdout.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud plan" version' -l 'version' -d 'Show the version.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud plan" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud run" F prompt-file' -s 'F' -l 'prompt-file' -d 'Read the prompt from a file; - reads standard input.' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud run" mode' -l 'mode' -d 'execute changes code; plan only describes the change.' -rfka 'execute plan'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud run" blank-workspace' -l 'blank-workspace' -d 'Run in an empty sandbox: no repository, no branch, no PR.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud run" R repo' -s 'R' -l 'repo' -d 'Repository on codecloud instead of the one inferred from the remote.' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud run" b branch' -l 'branch' -s 'b' -d 'Branch the agent starts from instead of the current branch\'s upstream.' -rfka '(git for-each-ref --format=\'%(refname:lstrip=3)\' refs/remotes 2>/dev/null | grep -vx HEAD | sort -u)'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud run" remote' -l 'remote' -d 'Git remote to infer the repository from and fetch the PR branch from.' -rfka '(git remote 2>/dev/null)'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud run" model' -l 'model' -d 'Model id (see git codecloud models); default: codecloud.model, then the account\'s.' -rfka '(__git-codecloud_custom_completion ---completion run -- --model (count (__git-codecloud_tokens -pc)) (__git-codecloud_tokens -tC))'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud run" provider' -l 'provider' -d 'Provider id (see git codecloud providers); default: codecloud.provider, then the account\'s.' -rfka '(__git-codecloud_custom_completion ---completion run -- --provider (count (__git-codecloud_tokens -pc)) (__git-codecloud_tokens -tC))'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud run" webhook-url' -l 'webhook-url' -d 'URL codecloud posts completion webhooks to.' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud run" tools' -l 'tools' -d 'JSON file with an array of tool definitions (at most 50) the agent may call.' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud run" no-pr' -l 'no-pr' -d 'Do not ask for a pull request.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud run" no-wait' -l 'no-wait' -d 'Print the run id and return at once instead of waiting.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud run" timeout' -l 'timeout' -d 'Stop waiting after this long (e.g. 90s, 10m, 1h; at most 168h); the run goes on (exit 5).' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud run" json' -l 'json' -d 'Print one JSON object with the run (and what was checked out) on stdout.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud run" no-checkout' -l 'no-checkout' -d 'Do not fetch or check out the PR branch.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud run" worktree' -l 'worktree' -d 'Check the branch out in a new linked worktree, leaving this one alone: beside the repository, or at PATH with --worktree=PATH.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud run" worktree-path' -l 'worktree-path' -d 'Same as --worktree=PATH.' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud run" force' -l 'force' -d 'Move a local branch that has diverged from the PR branch (its old tip is saved under refs/codecloud/backup/), and replace ignored files the PR branch adds (saved first under .git/codecloud/backup/).'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud run" attempts' -l 'attempts' -d 'Run the prompt N times (2–5) from the same base; each attempt lands in its own worktree beside the repository, then a table compares them (keep one with \'git codecloud pick\').' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud run" version' -l 'version' -d 'Show the version.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud run" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_positional "git-codecloud execute" -eq 1' -fka '(__git-codecloud_custom_completion ---completion execute -- positional@0 (count (__git-codecloud_tokens -pc)) (__git-codecloud_tokens -tC))'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud execute" m message' -s 'm' -l 'message' -d 'What to tell the agent with the approval.' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud execute" no-wait' -l 'no-wait' -d 'Print the run id and return at once instead of waiting.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud execute" timeout' -l 'timeout' -d 'Stop waiting after this long (e.g. 90s, 10m, 1h; at most 168h); the run goes on (exit 5).' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud execute" json' -l 'json' -d 'Print one JSON object with the run (and what was checked out) on stdout.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud execute" edit' -l 'edit' -d 'Review and amend the plan in git\'s editor before approving it; an empty plan sends nothing.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud execute" no-checkout' -l 'no-checkout' -d 'Do not fetch or check out the PR branch.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud execute" worktree' -l 'worktree' -d 'Check the branch out in a new linked worktree, leaving this one alone: beside the repository, or at PATH with --worktree=PATH.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud execute" worktree-path' -l 'worktree-path' -d 'Same as --worktree=PATH.' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud execute" force' -l 'force' -d 'Move a local branch that has diverged from the PR branch (its old tip is saved under refs/codecloud/backup/), and replace ignored files the PR branch adds (saved first under .git/codecloud/backup/).'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud execute" verify' -l 'verify' -d 'After landing, run this shell command in the landed work tree (default: codecloud.verify); exit 7 when it fails.' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud execute" iterate' -l 'iterate' -d 'When the check fails, send the command and the end of its output to the agent as a follow-up, land and check again; at most N times.' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud execute" no-verify' -l 'no-verify' -d 'Do not run codecloud.verify this time.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud execute" version' -l 'version' -d 'Show the version.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud execute" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud followup" F prompt-file' -s 'F' -l 'prompt-file' -d 'Read the prompt from a file; - reads standard input.' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud followup" plan' -l 'plan' -d 'Answer with a plan instead of changes.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud followup" execute' -l 'execute' -d 'Make changes (the default unless the run was a plan).'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud followup" no-update-pr' -l 'no-update-pr' -d 'Do not push the changes to the run\'s PR branch.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud followup" tools' -l 'tools' -d 'JSON file with tool definitions replacing the run\'s.' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud followup" no-wait' -l 'no-wait' -d 'Print the run id and return at once instead of waiting.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud followup" timeout' -l 'timeout' -d 'Stop waiting after this long (e.g. 90s, 10m, 1h; at most 168h); the run goes on (exit 5).' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud followup" json' -l 'json' -d 'Print one JSON object with the run (and what was checked out) on stdout.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud followup" no-checkout' -l 'no-checkout' -d 'Do not fetch or check out the PR branch.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud followup" worktree' -l 'worktree' -d 'Check the branch out in a new linked worktree, leaving this one alone: beside the repository, or at PATH with --worktree=PATH.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud followup" worktree-path' -l 'worktree-path' -d 'Same as --worktree=PATH.' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud followup" force' -l 'force' -d 'Move a local branch that has diverged from the PR branch (its old tip is saved under refs/codecloud/backup/), and replace ignored files the PR branch adds (saved first under .git/codecloud/backup/).'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud followup" verify' -l 'verify' -d 'After landing, run this shell command in the landed work tree (default: codecloud.verify); exit 7 when it fails.' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud followup" iterate' -l 'iterate' -d 'When the check fails, send the command and the end of its output to the agent as a follow-up, land and check again; at most N times.' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud followup" no-verify' -l 'no-verify' -d 'Do not run codecloud.verify this time.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud followup" version' -l 'version' -d 'Show the version.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud followup" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_positional "git-codecloud wait" -ge 1' -fka '(__git-codecloud_custom_completion ---completion wait -- positional@0 (count (__git-codecloud_tokens -pc)) (__git-codecloud_tokens -tC))'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud wait" all' -l 'all' -d 'Wait for every queued or running run of this repository.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud wait" timeout' -l 'timeout' -d 'Stop waiting after this long (e.g. 90s, 10m, 1h; at most 168h); the run goes on (exit 5).' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud wait" json' -l 'json' -d 'Print one JSON object with the run (and what was checked out) on stdout.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud wait" no-checkout' -l 'no-checkout' -d 'Do not fetch or check out the PR branch.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud wait" worktree' -l 'worktree' -d 'Check the branch out in a new linked worktree, leaving this one alone: beside the repository, or at PATH with --worktree=PATH.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud wait" worktree-path' -l 'worktree-path' -d 'Same as --worktree=PATH.' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud wait" force' -l 'force' -d 'Move a local branch that has diverged from the PR branch (its old tip is saved under refs/codecloud/backup/), and replace ignored files the PR branch adds (saved first under .git/codecloud/backup/).'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud wait" verify' -l 'verify' -d 'After landing, run this shell command in the landed work tree (default: codecloud.verify); exit 7 when it fails.' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud wait" iterate' -l 'iterate' -d 'When the check fails, send the command and the end of its output to the agent as a follow-up, land and check again; at most N times.' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud wait" no-verify' -l 'no-verify' -d 'Do not run codecloud.verify this time.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud wait" version' -l 'version' -d 'Show the version.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud wait" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud watch" all' -l 'all' -d 'Every repository\'s runs, not only this one\'s.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud watch" timeout' -l 'timeout' -d 'Stop watching after this long (e.g. 90s, 10m, 1h); the runs go on (exit 5).' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud watch" json' -l 'json' -d 'Print one JSON object per status change on stdout (JSON lines).'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud watch" version' -l 'version' -d 'Show the version.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud watch" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_positional "git-codecloud pick" -eq 1' -fka '(__git-codecloud_custom_completion ---completion pick -- positional@0 (count (__git-codecloud_tokens -pc)) (__git-codecloud_tokens -tC))'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud pick" keep-worktree' -l 'keep-worktree' -d 'Leave the kept attempt in its worktree instead of checking it out in the main one.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud pick" force' -l 'force' -d 'Remove worktrees with local changes too, after saving the changes under refs/codecloud/backup/.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud pick" json' -l 'json' -d 'Print one JSON object with what was kept and removed on stdout.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud pick" version' -l 'version' -d 'Show the version.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud pick" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_positional "git-codecloud checkout" -eq 1' -fka '(__git-codecloud_custom_completion ---completion checkout -- positional@0 (count (__git-codecloud_tokens -pc)) (__git-codecloud_tokens -tC))'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud checkout" json' -l 'json' -d 'Print one JSON object with the run and what was checked out on stdout.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud checkout" worktree' -l 'worktree' -d 'Check the branch out in a new linked worktree, leaving this one alone: beside the repository, or at PATH with --worktree=PATH.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud checkout" worktree-path' -l 'worktree-path' -d 'Same as --worktree=PATH.' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud checkout" force' -l 'force' -d 'Move a local branch that has diverged from the PR branch (its old tip is saved under refs/codecloud/backup/), and replace ignored files the PR branch adds (saved first under .git/codecloud/backup/).'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud checkout" verify' -l 'verify' -d 'After landing, run this shell command in the landed work tree (default: codecloud.verify); exit 7 when it fails.' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud checkout" iterate' -l 'iterate' -d 'When the check fails, send the command and the end of its output to the agent as a follow-up, land and check again; at most N times.' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud checkout" no-verify' -l 'no-verify' -d 'Do not run codecloud.verify this time.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud checkout" version' -l 'version' -d 'Show the version.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud checkout" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_positional "git-codecloud show" -eq 1' -fka '(__git-codecloud_custom_completion ---completion show -- positional@0 (count (__git-codecloud_tokens -pc)) (__git-codecloud_tokens -tC))'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud show" json' -l 'json' -d 'Print the run as the service returns it, as JSON.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud show" version' -l 'version' -d 'Show the version.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud show" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud list" status' -l 'status' -d 'Only runs in this status: queued, running, completed, failed.' -rfka 'queued running completed failed'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud list" L limit' -s 'L' -l 'limit' -d 'How many runs to show at most (1–100).' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud list" all' -l 'all' -d 'Runs of every repository, not only this one.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud list" R repo' -s 'R' -l 'repo' -d 'Only this repository\'s runs, instead of the checkout\'s.' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud list" remote' -l 'remote' -d 'The remote whose repository\'s runs to list.' -rfka '(git remote 2>/dev/null)'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud list" json' -l 'json' -d 'Print the runs as a JSON array.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud list" version' -l 'version' -d 'Show the version.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud diff" version' -l 'version' -d 'Show the version.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud diff" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud review" round' -l 'round' -d 'Show round N instead of the latest.' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud review" all' -l 'all' -d 'Show the whole run: the latest tip against the commit the run started from.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud review" version' -l 'version' -d 'Show the version.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud review" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud status" R repo' -s 'R' -l 'repo' -d 'Use this repository instead of inferring it.' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud status" b branch' -l 'branch' -s 'b' -d 'Use this branch instead of inferring it.' -rfka '(git for-each-ref --format=\'%(refname:lstrip=3)\' refs/remotes 2>/dev/null | grep -vx HEAD | sort -u)'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud status" remote' -l 'remote' -d 'Infer from this remote.' -rfka '(git remote 2>/dev/null)'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud status" json' -l 'json' -d 'Print one JSON object.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud status" version' -l 'version' -d 'Show the version.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud status" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud schedule" version' -l 'version' -d 'Show the version.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud schedule" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_positional "git-codecloud schedule" -eq 1' -fa 'create' -d 'Create a schedule that runs an agent on a cron expression or once at a set time.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_positional "git-codecloud schedule" -eq 1' -fa 'list' -d 'List schedules, newest first.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_positional "git-codecloud schedule" -eq 1' -fa 'show' -d 'Show a schedule: timing, status, runs and skips, next and last run.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_positional "git-codecloud schedule" -eq 1' -fa 'delete' -d 'Delete a schedule; runs it already started are not affected.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud schedule create" cron' -l 'cron' -d 'Run on this 5-field cron expression (UTC).' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud schedule create" at' -l 'at' -d 'Run once, at this time (ISO 8601).' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud schedule create" first-run' -l 'first-run' -d 'With --cron: the first run, at this time (ISO 8601).' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud schedule create" F prompt-file' -s 'F' -l 'prompt-file' -d 'Read the prompt from a file; - reads standard input.' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud schedule create" R repo' -s 'R' -l 'repo' -d 'Repository on codecloud instead of the one inferred from the remote.' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud schedule create" b branch' -l 'branch' -s 'b' -d 'Branch the agent starts from instead of the current branch\'s upstream.' -rfka '(git for-each-ref --format=\'%(refname:lstrip=3)\' refs/remotes 2>/dev/null | grep -vx HEAD | sort -u)'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud schedule create" remote' -l 'remote' -d 'Git remote to infer the repository from and fetch the PR branch from.' -rfka '(git remote 2>/dev/null)'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud schedule create" model' -l 'model' -d 'Model id (see git codecloud models); default: codecloud.model, then the account\'s.' -rfka '(__git-codecloud_custom_completion ---completion schedule create -- --model (count (__git-codecloud_tokens -pc)) (__git-codecloud_tokens -tC))'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud schedule create" provider' -l 'provider' -d 'Provider id (see git codecloud providers); default: codecloud.provider, then the account\'s.' -rfka '(__git-codecloud_custom_completion ---completion schedule create -- --provider (count (__git-codecloud_tokens -pc)) (__git-codecloud_tokens -tC))'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud schedule create" webhook-url' -l 'webhook-url' -d 'URL codecloud posts completion webhooks to.' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud schedule create" tools' -l 'tools' -d 'JSON file with an array of tool definitions (at most 50) the agent may call.' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud schedule create" plan' -l 'plan' -d 'Each run plans only: it returns a plan and changes nothing.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud schedule create" no-pr' -l 'no-pr' -d 'Do not open a pull request with the changes.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud schedule create" json' -l 'json' -d 'Print one JSON object with the schedule and its next firings.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud schedule create" version' -l 'version' -d 'Show the version.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud schedule create" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud schedule list" status' -l 'status' -d 'Only schedules in this status: active, completed, deleted.' -rfka 'active completed deleted'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud schedule list" L limit' -s 'L' -l 'limit' -d 'How many schedules to show at most (1–100).' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud schedule list" json' -l 'json' -d 'Print the schedules as a JSON array.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud schedule list" version' -l 'version' -d 'Show the version.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud schedule list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_positional "git-codecloud schedule show" -eq 1' -fka '(__git-codecloud_custom_completion ---completion schedule show -- positional@0 (count (__git-codecloud_tokens -pc)) (__git-codecloud_tokens -tC))'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud schedule show" json' -l 'json' -d 'Print the schedule as the service returns it, as JSON.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud schedule show" version' -l 'version' -d 'Show the version.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud schedule show" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_positional "git-codecloud schedule delete" -eq 1' -fka '(__git-codecloud_custom_completion ---completion schedule delete -- positional@0 (count (__git-codecloud_tokens -pc)) (__git-codecloud_tokens -tC))'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud schedule delete" y yes' -l 'yes' -s 'y' -d 'Delete without asking.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud schedule delete" version' -l 'version' -d 'Show the version.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud schedule delete" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud auth" version' -l 'version' -d 'Show the version.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud auth" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_positional "git-codecloud auth" -eq 1' -fa 'login' -d 'Check an API key with codecloud and store it.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_positional "git-codecloud auth" -eq 1' -fa 'status' -d 'Show where your API key comes from and whether codecloud accepts it.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_positional "git-codecloud auth" -eq 1' -fa 'logout' -d 'Remove your stored API key.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud auth login" with-key' -l 'with-key' -d 'Read the key from stdin instead of prompting.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud auth login" version' -l 'version' -d 'Show the version.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud auth login" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud auth status" json' -l 'json' -d 'Print one JSON object.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud auth status" version' -l 'version' -d 'Show the version.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud auth status" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud auth logout" version' -l 'version' -d 'Show the version.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud auth logout" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud models" provider' -l 'provider' -d 'Only this provider\'s models.' -rfka '(__git-codecloud_custom_completion ---completion models -- --provider (count (__git-codecloud_tokens -pc)) (__git-codecloud_tokens -tC))'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud models" json' -l 'json' -d 'Print the service\'s answer as JSON.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud models" version' -l 'version' -d 'Show the version.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud models" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud providers" json' -l 'json' -d 'Print the providers as JSON.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud providers" version' -l 'version' -d 'Show the version.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud providers" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_positional "git-codecloud completion" -eq 1' -fka 'bash zsh fish'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud completion" version' -l 'version' -d 'Show the version.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud completion" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud help" version' -l 'version' -d 'Show the version.'

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
