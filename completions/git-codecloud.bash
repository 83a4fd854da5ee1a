#!/bin/bash

__git-codecloud_cursor_index_in_current_word() {
    local remaining="${COMP_LINE}"

    local word
    for word in "${COMP_WORDS[@]::COMP_CWORD}"; do
        remaining="${remaining##*([[:space:]])"${word}"*([[:space:]])}"
    done

    local -ir index="$((COMP_POINT - ${#COMP_LINE} + ${#remaining}))"
    if [[ "${index}" -le 0 ]]; then
        printf 0
    else
        printf %s "${index}"
    fi
}

# positional arguments:
#
# - 1: the current (sub)command's count of positional arguments
#
# required variables:
#
# - repeating_flags: the repeating flags that the current (sub)command can accept
# - non_repeating_flags: the non-repeating flags that the current (sub)command can accept
# - repeating_options: the repeating options that the current (sub)command can accept
# - non_repeating_options: the non-repeating options that the current (sub)command can accept
# - positional_number: value ignored
# - unparsed_words: unparsed words from the current command line
#
# modified variables:
#
# - non_repeating_flags: remove flags for this (sub)command that are already on the command line
# - non_repeating_options: remove options for this (sub)command that are already on the command line
# - positional_number: set to the current positional number
# - unparsed_words: remove all flags, options, and option values for this (sub)command
__git-codecloud_offer_flags_options() {
    local -ir positional_count="${1}"
    positional_number=0

    local was_flag_option_terminator_seen=false
    local is_parsing_option_value=false

    local -ar unparsed_word_indices=("${!unparsed_words[@]}")
    local -i word_index
    for word_index in "${unparsed_word_indices[@]}"; do
        if "${is_parsing_option_value}"; then
            # This word is an option value:
            # Reset marker for next word iff not currently the last word
            [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]] && is_parsing_option_value=false
            unset "unparsed_words[${word_index}]"
            # Do not process this word as a flag or an option
            continue
        fi

        local word="${unparsed_words["${word_index}"]}"
        if ! "${was_flag_option_terminator_seen}"; then
            case "${word}" in
            --)
                unset "unparsed_words[${word_index}]"
                # by itself -- is a flag/option terminator, but if it is the last word, it is the start of a completion
                if [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]]; then
                    was_flag_option_terminator_seen=true
                fi
                continue
                ;;
            -*)
                # ${word} is a flag or an option
                # If ${word} is an option, mark that the next word to be parsed is an option value
                local option
                for option in "${repeating_options[@]}" "${non_repeating_options[@]}"; do
                    [[ "${word}" = "${option}" ]] && is_parsing_option_value=true && break
                done

                # Remove ${word} from ${non_repeating_flags} or ${non_repeating_options} so it isn't offered again
                local not_found=true
                local -i index
                for index in "${!non_repeating_flags[@]}"; do
                    if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                        unset "non_repeating_flags[${index}]"
                        non_repeating_flags=("${non_repeating_flags[@]}")
                        not_found=false
                        break
                    fi
                done
                if "${not_found}"; then
                    for index in "${!non_repeating_flags[@]}"; do
                        if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                            unset "non_repeating_flags[${index}]"
                            non_repeating_flags=("${non_repeating_flags[@]}")
                            break
                        fi
                    done
                fi
                unset "unparsed_words[${word_index}]"
                continue
                ;;
            esac
        fi

        # ${word} is neither a flag, nor an option, nor an option value
        if [[ "${positional_number}" -lt "${positional_count}" || "${positional_count}" -lt 0 ]]; then
            # ${word} is a positional
            ((positional_number++))
            unset "unparsed_words[${word_index}]"
        else
            if [[ -z "${word}" ]]; then
                # Could be completing a flag, option, or subcommand
                positional_number=-1
            else
                # ${word} is a subcommand or invalid, so stop processing this (sub)command
                positional_number=-2
            fi
            break
        fi
    done

    unparsed_words=("${unparsed_words[@]}")

    if\
        ! "${was_flag_option_terminator_seen}"\
        && ! "${is_parsing_option_value}"\
        && [[ ("${cur}" = -* && "${positional_number}" -ge 0) || "${positional_number}" -eq -1 ]]
    then
        COMPREPLY+=($(compgen -W "${repeating_flags[*]} ${non_repeating_flags[*]} ${repeating_options[*]} ${non_repeating_options[*]}" -- "${cur}"))
    fi
}

__git-codecloud_add_completions() {
    local completion
    while IFS='' read -r completion; do
        COMPREPLY+=("${completion}")
    done < <(IFS=$'\n' compgen "${@}" -- "${cur}")
}

__git-codecloud_custom_complete() {
    if [[ -n "${cur}" || -z ${COMP_WORDS[${COMP_CWORD}]} || "${COMP_LINE:${COMP_POINT}:1}" != ' ' ]]; then
        local -ar words=("${COMP_WORDS[@]}")
    else
        local -ar words=("${COMP_WORDS[@]::${COMP_CWORD}}" '' "${COMP_WORDS[@]:${COMP_CWORD}}")
    fi

    "${COMP_WORDS[0]}" "${@}" "${words[@]}"
}

_git-codecloud() {
    local state
    state="$(shopt -p;shopt -po)"
    trap "${state//$'\n'/;}" RETURN
    shopt -s extglob
    set +o history +o posix

    local -xr SAP_SHELL=bash
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(IFS='.';printf %s "${BASH_VERSINFO[*]}")"
    local -r SAP_SHELL_VERSION

    local -r cur="${2}"
    local -r prev="${3}"

    local -i positional_number
    local -a unparsed_words=("${COMP_WORDS[@]:1:${COMP_CWORD}}")

    local -a repeating_flags=()
    local -a non_repeating_flags=(--version -h --help)
    local -a repeating_options=()
    local -a non_repeating_options=()
    __git-codecloud_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    fix|plan|run|execute|followup|wait|watch|pick|checkout|show|list|diff|status|schedule|auth|models|providers|completion|help)
        # Offer subcommand argument completions
        "_git-codecloud_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'fix plan run execute followup wait watch pick checkout show list diff status schedule auth models providers completion help' -- "${cur}"))
        ;;
    esac
}

_git-codecloud_fix() {
    repeating_flags=()
    non_repeating_flags=(--no-pr --no-wait --json --no-checkout --worktree --force --version -h --help)
    repeating_options=()
    non_repeating_options=(-F --prompt-file -R --repo --branch -b --remote --model --provider --webhook-url --tools --timeout --worktree-path --attempts)
    __git-codecloud_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '-F'|'--prompt-file')
        return
        ;;
    '-R'|'--repo')
        return
        ;;
    '--branch'|'-b')
        __git-codecloud_add_completions -W "$(eval 'git for-each-ref --format='\''%(refname:lstrip=3)'\'' refs/remotes 2>/dev/null | grep -vx HEAD | sort -u')"
        return
        ;;
    '--remote')
        __git-codecloud_add_completions -W "$(eval 'git remote 2>/dev/null')"
        return
        ;;
    '--model')
        __git-codecloud_add_completions -W "$(__git-codecloud_custom_complete ---completion fix -- --model "${COMP_CWORD}" "$(__git-codecloud_cursor_index_in_current_word)")"
        return
        ;;
    '--provider')
        __git-codecloud_add_completions -W "$(__git-codecloud_custom_complete ---completion fix -- --provider "${COMP_CWORD}" "$(__git-codecloud_cursor_index_in_current_word)")"
        return
        ;;
    '--webhook-url')
        return
        ;;
    '--tools')
        return
        ;;
    '--timeout')
        return
        ;;
    '--worktree-path')
        return
        ;;
    '--attempts')
        return
        ;;
    esac
}

_git-codecloud_plan() {
    repeating_flags=()
    non_repeating_flags=(--no-wait --json --version -h --help)
    repeating_options=()
    non_repeating_options=(-F --prompt-file -R --repo --branch -b --remote --model --provider --webhook-url --tools --timeout)
    __git-codecloud_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '-F'|'--prompt-file')
        return
        ;;
    '-R'|'--repo')
        return
        ;;
    '--branch'|'-b')
        __git-codecloud_add_completions -W "$(eval 'git for-each-ref --format='\''%(refname:lstrip=3)'\'' refs/remotes 2>/dev/null | grep -vx HEAD | sort -u')"
        return
        ;;
    '--remote')
        __git-codecloud_add_completions -W "$(eval 'git remote 2>/dev/null')"
        return
        ;;
    '--model')
        __git-codecloud_add_completions -W "$(__git-codecloud_custom_complete ---completion plan -- --model "${COMP_CWORD}" "$(__git-codecloud_cursor_index_in_current_word)")"
        return
        ;;
    '--provider')
        __git-codecloud_add_completions -W "$(__git-codecloud_custom_complete ---completion plan -- --provider "${COMP_CWORD}" "$(__git-codecloud_cursor_index_in_current_word)")"
        return
        ;;
    '--webhook-url')
        return
        ;;
    '--tools')
        return
        ;;
    '--timeout')
        return
        ;;
    esac
}

_git-codecloud_run() {
    repeating_flags=()
    non_repeating_flags=(--blank-workspace --no-pr --no-wait --json --no-checkout --worktree --force --version -h --help)
    repeating_options=()
    non_repeating_options=(-F --prompt-file --mode -R --repo --branch -b --remote --model --provider --webhook-url --tools --timeout --worktree-path --attempts)
    __git-codecloud_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '-F'|'--prompt-file')
        return
        ;;
    '--mode')
        __git-codecloud_add_completions -W 'execute'$'\n''plan'
        return
        ;;
    '-R'|'--repo')
        return
        ;;
    '--branch'|'-b')
        __git-codecloud_add_completions -W "$(eval 'git for-each-ref --format='\''%(refname:lstrip=3)'\'' refs/remotes 2>/dev/null | grep -vx HEAD | sort -u')"
        return
        ;;
    '--remote')
        __git-codecloud_add_completions -W "$(eval 'git remote 2>/dev/null')"
        return
        ;;
    '--model')
        __git-codecloud_add_completions -W "$(__git-codecloud_custom_complete ---completion run -- --model "${COMP_CWORD}" "$(__git-codecloud_cursor_index_in_current_word)")"
        return
        ;;
    '--provider')
        __git-codecloud_add_completions -W "$(__git-codecloud_custom_complete ---completion run -- --provider "${COMP_CWORD}" "$(__git-codecloud_cursor_index_in_current_word)")"
        return
        ;;
    '--webhook-url')
        return
        ;;
    '--tools')
        return
        ;;
    '--timeout')
        return
        ;;
    '--worktree-path')
        return
        ;;
    '--attempts')
        return
        ;;
    esac
}

_git-codecloud_execute() {
    repeating_flags=()
    non_repeating_flags=(--no-wait --json --no-checkout --worktree --force --version -h --help)
    repeating_options=()
    non_repeating_options=(-m --message --timeout --worktree-path)
    __git-codecloud_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '-m'|'--message')
        return
        ;;
    '--timeout')
        return
        ;;
    '--worktree-path')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __git-codecloud_add_completions -W "$(__git-codecloud_custom_complete ---completion execute -- positional@0 "${COMP_CWORD}" "$(__git-codecloud_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_git-codecloud_followup() {
    repeating_flags=()
    non_repeating_flags=(--plan --execute --no-update-pr --no-wait --json --no-checkout --worktree --force --version -h --help)
    repeating_options=()
    non_repeating_options=(-F --prompt-file --tools --timeout --worktree-path)
    __git-codecloud_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '-F'|'--prompt-file')
        return
        ;;
    '--tools')
        return
        ;;
    '--timeout')
        return
        ;;
    '--worktree-path')
        return
        ;;
    esac
}

_git-codecloud_wait() {
    repeating_flags=()
    non_repeating_flags=(--all --json --no-checkout --worktree --force --version -h --help)
    repeating_options=()
    non_repeating_options=(--timeout --worktree-path)
    __git-codecloud_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--timeout')
        return
        ;;
    '--worktree-path')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    *)
        __git-codecloud_add_completions -W "$(__git-codecloud_custom_complete ---completion wait -- positional@0 "${COMP_CWORD}" "$(__git-codecloud_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_git-codecloud_watch() {
    repeating_flags=()
    non_repeating_flags=(--all --json --version -h --help)
    repeating_options=()
    non_repeating_options=(--timeout)
    __git-codecloud_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--timeout')
        return
        ;;
    esac
}

_git-codecloud_pick() {
    repeating_flags=()
    non_repeating_flags=(--keep-worktree --force --json --version -h --help)
    repeating_options=()
    non_repeating_options=()
    __git-codecloud_offer_flags_options 1

    # Offer positional completions
    case "${positional_number}" in
    1)
        __git-codecloud_add_completions -W "$(__git-codecloud_custom_complete ---completion pick -- positional@0 "${COMP_CWORD}" "$(__git-codecloud_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_git-codecloud_checkout() {
    repeating_flags=()
    non_repeating_flags=(--json --worktree --force --version -h --help)
    repeating_options=()
    non_repeating_options=(--worktree-path)
    __git-codecloud_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--worktree-path')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __git-codecloud_add_completions -W "$(__git-codecloud_custom_complete ---completion checkout -- positional@0 "${COMP_CWORD}" "$(__git-codecloud_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_git-codecloud_show() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=()
    __git-codecloud_offer_flags_options 1

    # Offer positional completions
    case "${positional_number}" in
    1)
        __git-codecloud_add_completions -W "$(__git-codecloud_custom_complete ---completion show -- positional@0 "${COMP_CWORD}" "$(__git-codecloud_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_git-codecloud_list() {
    repeating_flags=()
    non_repeating_flags=(--all --json --version -h --help)
    repeating_options=()
    non_repeating_options=(--status -L --limit -R --repo --remote)
    __git-codecloud_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--status')
        __git-codecloud_add_completions -W 'queued'$'\n''running'$'\n''completed'$'\n''failed'
        return
        ;;
    '-L'|'--limit')
        return
        ;;
    '-R'|'--repo')
        return
        ;;
    '--remote')
        __git-codecloud_add_completions -W "$(eval 'git remote 2>/dev/null')"
        return
        ;;
    esac
}

_git-codecloud_diff() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __git-codecloud_offer_flags_options -1

    # Offer positional completions
    case "${positional_number}" in
    1)
        __git-codecloud_add_completions -W "$(__git-codecloud_custom_complete ---completion diff -- positional@0 "${COMP_CWORD}" "$(__git-codecloud_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_git-codecloud_status() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(-R --repo --branch -b --remote)
    __git-codecloud_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '-R'|'--repo')
        return
        ;;
    '--branch'|'-b')
        __git-codecloud_add_completions -W "$(eval 'git for-each-ref --format='\''%(refname:lstrip=3)'\'' refs/remotes 2>/dev/null | grep -vx HEAD | sort -u')"
        return
        ;;
    '--remote')
        __git-codecloud_add_completions -W "$(eval 'git remote 2>/dev/null')"
        return
        ;;
    esac
}

_git-codecloud_schedule() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __git-codecloud_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    create|list|show|delete)
        # Offer subcommand argument completions
        "_git-codecloud_schedule_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'create list show delete' -- "${cur}"))
        ;;
    esac
}

_git-codecloud_schedule_create() {
    repeating_flags=()
    non_repeating_flags=(--plan --no-pr --json --version -h --help)
    repeating_options=()
    non_repeating_options=(--cron --at --first-run -F --prompt-file -R --repo --branch -b --remote --model --provider --webhook-url --tools)
    __git-codecloud_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--cron')
        return
        ;;
    '--at')
        return
        ;;
    '--first-run')
        return
        ;;
    '-F'|'--prompt-file')
        return
        ;;
    '-R'|'--repo')
        return
        ;;
    '--branch'|'-b')
        __git-codecloud_add_completions -W "$(eval 'git for-each-ref --format='\''%(refname:lstrip=3)'\'' refs/remotes 2>/dev/null | grep -vx HEAD | sort -u')"
        return
        ;;
    '--remote')
        __git-codecloud_add_completions -W "$(eval 'git remote 2>/dev/null')"
        return
        ;;
    '--model')
        __git-codecloud_add_completions -W "$(__git-codecloud_custom_complete ---completion schedule create -- --model "${COMP_CWORD}" "$(__git-codecloud_cursor_index_in_current_word)")"
        return
        ;;
    '--provider')
        __git-codecloud_add_completions -W "$(__git-codecloud_custom_complete ---completion schedule create -- --provider "${COMP_CWORD}" "$(__git-codecloud_cursor_index_in_current_word)")"
        return
        ;;
    '--webhook-url')
        return
        ;;
    '--tools')
        return
        ;;
    esac
}

_git-codecloud_schedule_list() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--status -L --limit)
    __git-codecloud_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--status')
        __git-codecloud_add_completions -W 'active'$'\n''completed'$'\n''deleted'
        return
        ;;
    '-L'|'--limit')
        return
        ;;
    esac
}

_git-codecloud_schedule_show() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=()
    __git-codecloud_offer_flags_options 1

    # Offer positional completions
    case "${positional_number}" in
    1)
        __git-codecloud_add_completions -W "$(__git-codecloud_custom_complete ---completion schedule show -- positional@0 "${COMP_CWORD}" "$(__git-codecloud_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_git-codecloud_schedule_delete() {
    repeating_flags=()
    non_repeating_flags=(--yes -y --version -h --help)
    repeating_options=()
    non_repeating_options=()
    __git-codecloud_offer_flags_options 1

    # Offer positional completions
    case "${positional_number}" in
    1)
        __git-codecloud_add_completions -W "$(__git-codecloud_custom_complete ---completion schedule delete -- positional@0 "${COMP_CWORD}" "$(__git-codecloud_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_git-codecloud_auth() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __git-codecloud_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    login|status|logout)
        # Offer subcommand argument completions
        "_git-codecloud_auth_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'login status logout' -- "${cur}"))
        ;;
    esac
}

_git-codecloud_auth_login() {
    repeating_flags=()
    non_repeating_flags=(--with-key --version -h --help)
    repeating_options=()
    non_repeating_options=()
    __git-codecloud_offer_flags_options 0
}

_git-codecloud_auth_status() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=()
    __git-codecloud_offer_flags_options 0
}

_git-codecloud_auth_logout() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __git-codecloud_offer_flags_options 0
}

_git-codecloud_models() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--provider)
    __git-codecloud_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--provider')
        __git-codecloud_add_completions -W "$(__git-codecloud_custom_complete ---completion models -- --provider "${COMP_CWORD}" "$(__git-codecloud_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_git-codecloud_providers() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=()
    __git-codecloud_offer_flags_options 0
}

_git-codecloud_completion() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __git-codecloud_offer_flags_options 1

    # Offer positional completions
    case "${positional_number}" in
    1)
        __git-codecloud_add_completions -W 'bash'$'\n''zsh'$'\n''fish'
        return
        ;;
    esac
}

_git-codecloud_help() {
    repeating_flags=()
    non_repeating_flags=(--version)
    repeating_options=()
    non_repeating_options=()
    __git-codecloud_offer_flags_options -1
}

complete -o filenames -F _git-codecloud git-codecloud

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
