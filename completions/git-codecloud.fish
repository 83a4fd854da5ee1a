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
        case 'status'
            __git-codecloud_parse_subcommand 0 'R/repo=' 'b/branch=' 'remote=' 'json' 'version' 'h/help'
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
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_positional "git-codecloud" -eq 1' -fa 'status' -d 'Show what git codecloud infers from this checkout.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_positional "git-codecloud" -eq 1' -fa 'auth' -d 'Store, check or remove your codecloud API key.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_positional "git-codecloud" -eq 1' -fa 'models' -d 'List the AI models codecloud can run, grouped by provider.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_positional "git-codecloud" -eq 1' -fa 'providers' -d 'List AI providers and the credentials each needs on your codecloud account.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_positional "git-codecloud" -eq 1' -fa 'completion' -d 'Print the shell completion script for bash, zsh or fish.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_positional "git-codecloud" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud status" R repo' -s 'R' -l 'repo' -d 'Use this repository instead of inferring it.' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud status" b branch' -l 'branch' -s 'b' -d 'Use this branch instead of inferring it.' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud status" remote' -l 'remote' -d 'Infer from this remote.' -rfka ''
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud status" json' -l 'json' -d 'Print one JSON object.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud status" version' -l 'version' -d 'Show the version.'
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud status" h help' -s 'h' -l 'help' -d 'Show help information.'
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
complete -c 'git-codecloud' -n '__git-codecloud_should_offer_completions_for_flags_or_options "git-codecloud models" provider' -l 'provider' -d 'Only this provider\'s models.' -rfka ''
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
