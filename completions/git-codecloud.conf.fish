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
