#!/usr/bin/env bash
# `make dist`: packages a built release binary as
#   dist/git-codecloud-VERSION-linux-ARCH.tar.gz  (bin/, share/ laid out like a PREFIX, README, LICENSE)
#   dist/git-codecloud_DEBVERSION_ARCH.deb         (/usr/bin, /usr/share/man, completions, built by dpkg-deb)
#
#   packaging/dist.sh PATH/TO/git-codecloud [OUTPUT_DIR]
#
# The binary is stripped on the way in; the version comes from packaging/version.sh, and the
# binary must report the same one (`--version`), so a stale build cannot be packaged.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
binary=${1:?usage: packaging/dist.sh PATH/TO/git-codecloud [OUTPUT_DIR]}
out=${2:-$root/dist}

fail() { echo "error: $1" >&2; [ -n "${2:-}" ] && echo "hint: $2" >&2; exit 1; }

[ -x "$binary" ] || fail "no binary at $binary" "build it first: make release"
version=$("$root/packaging/version.sh")
deb_version=$("$root/packaging/version.sh" --debian)
reported=$("$binary" --version)
[ "$reported" = "$version" ] || fail "$binary reports version '$reported', the checkout is '$version'" "rebuild: make release"
arch=$(dpkg --print-architecture 2>/dev/null || uname -m)
command -v dpkg-deb >/dev/null || fail "dpkg-deb is missing" "install it: sudo apt-get install dpkg-dev"
command -v dpkg-shlibdeps >/dev/null || fail "dpkg-shlibdeps is missing" "install it: sudo apt-get install dpkg-dev"

# Reproducible archives: file times from the last commit, owners root.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct 2>/dev/null || date +%s)}
work=$(mktemp -d "${TMPDIR:-/tmp}/codecloud-dist.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
umask 022

# The pieces, once: a stripped binary, then the generated page and completion scripts.
install -d "$work/pieces"
install -m 0755 "$binary" "$work/pieces/git-codecloud"
strip --strip-all "$work/pieces/git-codecloud"
for file in docs/git-codecloud.1 completions/git-codecloud.bash completions/_git-codecloud \
            completions/git-codecloud.fish completions/git-codecloud.conf.fish README.md LICENSE; do
  [ -f "$root/$file" ] || fail "$file is missing"
done

# --- tarball: bin/ and share/ as under a PREFIX (copy both into /usr/local or ~/.local) ---
name="git-codecloud-$version-linux-$arch"
tree="$work/$name"
install -D -m 0755 "$work/pieces/git-codecloud" "$tree/bin/git-codecloud"
install -D -m 0644 "$root/docs/git-codecloud.1" "$tree/share/man/man1/git-codecloud.1"
install -D -m 0644 "$root/completions/git-codecloud.bash" "$tree/share/bash-completion/completions/git-codecloud"
install -D -m 0644 "$root/completions/_git-codecloud" "$tree/share/zsh/site-functions/_git-codecloud"
install -D -m 0644 "$root/completions/git-codecloud.fish" "$tree/share/fish/vendor_completions.d/git-codecloud.fish"
install -D -m 0644 "$root/completions/git-codecloud.conf.fish" "$tree/share/fish/vendor_conf.d/git-codecloud.fish"
install -m 0644 "$root/README.md" "$root/LICENSE" "$tree/"
tar --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner \
    -C "$work" -cf - "$name" | gzip -9n > "$out/$name.tar.gz"

# --- Debian package: Debian's paths (zsh's vendor-completions, the man page gzipped) ---
package="$work/deb"
install -D -m 0755 "$work/pieces/git-codecloud" "$package/usr/bin/git-codecloud"
install -d -m 0755 "$package/usr/share/man/man1"
gzip -9n < "$root/docs/git-codecloud.1" > "$package/usr/share/man/man1/git-codecloud.1.gz"
install -D -m 0644 "$root/completions/git-codecloud.bash" "$package/usr/share/bash-completion/completions/git-codecloud"
install -D -m 0644 "$root/completions/_git-codecloud" "$package/usr/share/zsh/vendor-completions/_git-codecloud"
install -D -m 0644 "$root/completions/git-codecloud.fish" "$package/usr/share/fish/vendor_completions.d/git-codecloud.fish"
install -D -m 0644 "$root/completions/git-codecloud.conf.fish" "$package/usr/share/fish/vendor_conf.d/git-codecloud.fish"
install -d -m 0755 "$package/usr/share/doc/git-codecloud"
gzip -9n < "$root/README.md" > "$package/usr/share/doc/git-codecloud/README.md.gz"
{
  echo "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
  echo "Upstream-Name: git-codecloud"
  echo
  echo "Files: *"
  echo "Copyright: git-codecloud authors"
  echo "License: MIT"
  sed 's/^$/./; s/^/ /' "$root/LICENSE"
} > "$package/usr/share/doc/git-codecloud/copyright"
chmod 0644 "$package/usr/share/doc/git-codecloud/"*

# Runtime dependencies from the binary's own NEEDED entries (libgit2, libc, …), with
# the minimum versions Debian's shlibs/symbols files give: runtime packages, never -dev ones.
# git itself is run for fetches and credentials.
mkdir -p "$work/shlibs/debian"
printf 'Source: git-codecloud\n\nPackage: git-codecloud\nArchitecture: any\n' > "$work/shlibs/debian/control"
libraries=$(cd "$work/shlibs" && dpkg-shlibdeps -O "$package/usr/bin/git-codecloud" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[ -n "$libraries" ] || fail "dpkg-shlibdeps found no library dependencies of the binary"
case "$libraries" in *-dev*) fail "the package would depend on a -dev package: $libraries" ;; esac
# Packed relative relocations (the Makefile's RELR_FLAGS) need glibc 2.36's loader, which no
# symbol version tells dpkg-shlibdeps about.
if readelf -d "$package/usr/bin/git-codecloud" | grep -q '(RELR)'; then
  libraries=$(printf '%s' "$libraries" | sed -E 's/libc6 \(>= [0-9.]+\)/libc6 (>= 2.36)/')
fi

install -d -m 0755 "$package/DEBIAN"
cat > "$package/DEBIAN/control" <<CONTROL
Package: git-codecloud
Version: $deb_version
Architecture: $arch
Maintainer: git-codecloud authors <maintainers@git-codecloud.invalid>
Installed-Size: $(du -sk --exclude=DEBIAN "$package" | cut -f1)
Depends: $libraries, git
Section: vcs
Priority: optional
Description: hand work to codecloud's cloud coding agents from git
 git-codecloud is a git plugin: \`git codecloud fix "…"\` sends a task for the
 current checkout's repository and branch to codecloud, waits for the agent,
 then fetches its pull-request branch and checks it out locally for review.
 .
 Includes the manual page (git help codecloud) and completions for bash, zsh
 and fish.
CONTROL
deb="$out/git-codecloud_${deb_version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$package" "$deb" >/dev/null

echo "dist: $out/$name.tar.gz"
echo "dist: $deb"
echo "dist: Depends: $libraries, git"
