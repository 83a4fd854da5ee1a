#!/usr/bin/env bash
# Times TAB after `git ` and after `git codecloud ` the way an interactive bash with
# bash-completion completes them (the benchmark's start-up targets, bench.py).
#
#   tab.bash cold LINE   a new shell's first TAB: loads git's completion (and for `git codecloud `
#                        git-codecloud's script, which git's completion loads on demand), then
#                        completes; prints "<microseconds> <candidates>"
#   tab.bash warm N      N TABs of each line, alternating, in one shell whose scripts are loaded;
#                        prints "git <us> <candidates>" and "codecloud <us> <candidates>" lines
set -u
source /usr/share/bash-completion/bash_completion

tab() {
  COMP_LINE=$1
  COMP_POINT=${#COMP_LINE}
  read -ra COMP_WORDS <<< "$COMP_LINE"
  [[ "$COMP_LINE" == *" " ]] && COMP_WORDS+=("")
  COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
  COMPREPLY=()
  __git_wrap__git_main git "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
}

case "$1" in
  cold)
    start=${EPOCHREALTIME/[.,]/}
    _completion_loader git
    tab "$2"
    end=${EPOCHREALTIME/[.,]/}
    echo "$(( end - start )) ${#COMPREPLY[@]}"
    ;;
  warm)
    _completion_loader git
    tab "git " ; tab "git codecloud "
    for (( i = 0; i < $2; i++ )); do
      start=${EPOCHREALTIME/[.,]/}; tab "git "; end=${EPOCHREALTIME/[.,]/}
      echo "git $(( end - start )) ${#COMPREPLY[@]}"
      start=${EPOCHREALTIME/[.,]/}; tab "git codecloud "; end=${EPOCHREALTIME/[.,]/}
      echo "codecloud $(( end - start )) ${#COMPREPLY[@]}"
    done
    ;;
esac
