#!/bin/sh
# Prints a linker script (one INPUT line) that links libgit2 and the libraries under it from
# their static archives, or nothing when libgit2's archive is not installed (the release is then
# linked against the shared libraries). Makefile, STATIC_LIBGIT2; docs/ARCHITECTURE.md, "Start-up".
#
#   packaging/static-libgit2.sh                 print the script (nothing: no archive)
#   packaging/static-libgit2.sh --write DIR     write it as DIR/libgit2.so, with a DIR/libgit2.pc
#                                               whose -L names DIR
#
# SwiftPM puts the -L of the libgit2.pc it reads ahead of every -L of the build's, so the release
# build reads DIR/libgit2.pc (PKG_CONFIG_PATH), and the `-lgit2` of Clibgit2's module map then
# finds DIR/libgit2.so, the script, before the system's shared library.
#
# The libraries are pkg-config's static list for libgit2 and libssh2 (whose crypto backend,
# OpenSSL, libgit2's list leaves out), each as its archive where one is installed and as -lX
# (shared) where not: Debian ships no archive of GSSAPI, which libgit2's list also leaves out.
set -eu
command -v pkg-config >/dev/null 2>&1 || exit 0
command -v gcc >/dev/null 2>&1 || exit 0
archive() { a=$(gcc -print-file-name="lib$1.a" 2>/dev/null) && [ -f "$a" ] && readlink -f "$a"; }
# A library without an archive by the path of its shared object, which needs no -dev package
# (libgssapi_krb5.so.2, where libkrb5-dev would add the libgssapi_krb5.so that -l looks for).
shared() {
  for so in "$libdir/lib$1.so".[0-9]*; do [ -f "$so" ] && echo "$so" && return; done
  return 1
}
libgit2=$(archive git2) || exit 0
libdir=$(dirname "$libgit2")
inputs="" seen=" "
for flag in $(pkg-config --static --libs-only-l libgit2 libssh2 2>/dev/null) -lgssapi_krb5; do
  name=${flag#-l}
  case "$seen" in *" $name "*) continue ;; esac
  seen="$seen$name "
  case "$name" in
    c|m|rt|dl|pthread) inputs="$inputs -l$name" ;;  # the C library's own: always shared
    *) if path=$(archive "$name") || path=$(shared "$name"); then inputs="$inputs $path"; else inputs="$inputs -l$name"; fi ;;
  esac
done
# GSSAPI only where libgit2 was built with it (Negotiate authentication).
nm -u "$libgit2" 2>/dev/null | grep -q ' gss_' || inputs=$(printf '%s' "$inputs" | sed 's/ [^ ]*gssapi_krb5[^ ]*//')
script="INPUT(${inputs# })"
if [ "${1:-}" = --write ]; then
  dir=$2
  mkdir -p "$dir"
  printf '%s\n' "$script" > "$dir/libgit2.so"
  printf 'Name: libgit2\nDescription: libgit2 from its static archive\nVersion: %s\nLibs: -L%s -lgit2\nCflags: %s\n' \
    "$(pkg-config --modversion libgit2)" "$dir" "$(pkg-config --cflags libgit2)" > "$dir/libgit2.pc"
else
  echo "$script"
fi
