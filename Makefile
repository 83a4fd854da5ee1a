# git-codecloud — build, test, demo, install.
# Every target bootstraps what a fresh Debian/Ubuntu machine lacks (libgit2-dev via apt-get
# when root; otherwise it says what to install).

PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
MANDIR    ?= $(PREFIX)/share/man/man1
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  ?= $(PREFIX)/share/zsh/site-functions
FISHCOMPDIR ?= $(PREFIX)/share/fish/vendor_completions.d
FISHCONFDIR ?= $(PREFIX)/share/fish/vendor_conf.d
SWIFT     ?= swift
CONFIG    ?= debug
BUILD_DIR  = $(shell $(SWIFT) build -c $(CONFIG) --show-bin-path 2>/dev/null)

.PHONY: all bootstrap build release symbol-order dist test demo install uninstall bench reliability reliability-fast clean

# Release builds (release, install, dist, bench): the Swift runtime and Foundation linked in
# statically (none of their shared libraries to map and relocate at every start), and the version
# stamped from the nearest v* tag (packaging/version.sh; Version.swift's base without one).
# With the toolchain's lld: every function in a section of its own, laid out in the order of
# packaging/symbol-order.txt (the functions that start-up, status and a landing run, recorded
# by `make symbol-order`), so those few megabytes of code are paged in together instead of
# scattered over 17 MB; only main (and, with shared libgit2, its deferred initialisers) exported
# (packaging/exports.map, exports-static.map); and with glibc 2.36 or later, relative relocations packed (RELR), so
# the 2 MB relocation table is not read at every start. SwiftPM does not see those two files as
# inputs: the binary is relinked when either is newer. docs/ARCHITECTURE.md, "Start-up".
VERSION_STAMP = Sources/CodecloudCore/VersionStamp.swift
STATIC_LIBGIT2 := $(shell packaging/static-libgit2.sh)
SYMBOL_ORDER  = packaging/symbol-order.txt
EXPORTS       = packaging/exports$(if $(STATIC_LIBGIT2),-static).map
LLD_FLAGS    := $(shell test -x "$$(dirname "$$(readlink -f "$$(command -v $(SWIFT))")")/ld.lld" && echo -Xswiftc -use-ld=lld -Xswiftc -Xfrontend -Xswiftc -function-sections -Xlinker --symbol-ordering-file=$(CURDIR)/$(SYMBOL_ORDER) -Xlinker --no-warn-symbol-ordering -Xlinker --version-script=$(CURDIR)/$(EXPORTS))
RELR_FLAGS   := $(if $(LLD_FLAGS),$(shell ldd --version 2>/dev/null | awk 'NR==1 { split($$NF, v, "."); if (v[1] > 2 || (v[1] == 2 && v[2] >= 36)) print "-Xlinker -z -Xlinker pack-relative-relocs" }'))
# libstdc++ (which only the Swift runtime's C++ part uses) linked in statically as well, when its
# archive is installed (g++): the shared one cost every start its relocations and 1.5 MiB of
# pages. The runtime's own autolinked -lstdc++ comes before any option of ours, so a directory
# searched first holds a libstdc++.so that is a linker script naming the archive.
CXX_ARCHIVE  := $(shell a=$$(gcc -print-file-name=libstdc++.a 2>/dev/null); [ -f "$$a" ] && echo "$$a")
# libgit2 and the libraries under it (mbedTLS, libssh2 and OpenSSL, PCRE2, zlib) linked in
# statically too, when their archives are installed (Debian's -dev packages have them): their
# eight shared libraries cost every start 5,300 symbol relocations (1.4 ms of CPU on --version).
# Clibgit2's `-lgit2` finds libgit2.so in the same directory, a linker script naming the
# archives (packaging/static-libgit2.sh; only GSSAPI, which has no archive, stays shared).
# libgit2's two deferred initialisers are then reached through the linker's --wrap instead of
# the dynamic linker's binding (Sources/CodecloudGit/DeferredInitialisation.swift).
# `make release STATIC_LIBGIT2=` links the shared libraries instead.
STATIC_DIR    = .build-static
STATIC_FLAGS := $(if $(CXX_ARCHIVE)$(STATIC_LIBGIT2),-Xlinker -L$(CURDIR)/$(STATIC_DIR)) \
	$(if $(STATIC_LIBGIT2),-Xswiftc -DCODECLOUD_STATIC_LIBGIT2 -Xlinker --wrap=mbedtls_x509_crt_parse_file -Xlinker --wrap=libssh2_init)
RELEASE_FLAGS = -c release --product git-codecloud --static-swift-stdlib -Xswiftc -DCODECLOUD_VERSION_STAMP $(LLD_FLAGS) $(RELR_FLAGS) $(STATIC_FLAGS)
# The release build reads the libgit2.pc that packaging/static-libgit2.sh wrote beside the script:
# SwiftPM puts the -L of the system one (/usr/lib/…) ahead of every -L of ours.
# A failed static link names the way out (another distribution's static lists may be incomplete).
RELEASE_BUILD = $(if $(STATIC_LIBGIT2),PKG_CONFIG_PATH=$(CURDIR)/$(STATIC_DIR)$${PKG_CONFIG_PATH:+:$$PKG_CONFIG_PATH} )$(SWIFT) build $(RELEASE_FLAGS)$(if $(STATIC_LIBGIT2), \
	|| { echo "hint: the release links libgit2 from its static archives; add STATIC_LIBGIT2= to the make command to link the shared libraries instead" >&2; exit 1; })

all: build

bootstrap:
	@.ci/bootstrap.sh

build: bootstrap
	$(SWIFT) build -c $(CONFIG)

# The CLI alone: the emulator's server stack is not needed to install git-codecloud.
release: bootstrap
	@packaging/version.sh --stamp $(VERSION_STAMP) >/dev/null
	@$(RELINK_IF_STALE)
	$(RELEASE_BUILD)

RELINK_IF_STALE = bin="$$($(SWIFT) build -c release --show-bin-path)/git-codecloud"; \
	for input in $(SYMBOL_ORDER) $(EXPORTS); do [ ! -e "$$bin" ] || [ "$$bin" -nt "$$input" ] || rm -f "$$bin"; done; \
	mkdir -p $(STATIC_DIR); \
	$(if $(CXX_ARCHIVE),echo 'INPUT($(CXX_ARCHIVE))' > $(STATIC_DIR)/libstdc++.so;) \
	$(if $(STATIC_LIBGIT2),packaging/static-libgit2.sh --write $(CURDIR)/$(STATIC_DIR),rm -f $(STATIC_DIR)/libgit2.so $(STATIC_DIR)/libgit2.pc)

# packaging/symbol-order.txt from callgrind runs of the release binary (Tests/Benchmarks/symbol_order.py,
# needs valgrind); then the release binary relinked with it. Commit the new list.
symbol-order: release
	$(SWIFT) build --product codecloud-emulator
	python3 Tests/Benchmarks/symbol_order.py --cli "$$($(SWIFT) build -c release --show-bin-path)/git-codecloud" \
		--emulator "$$($(SWIFT) build --show-bin-path)/codecloud-emulator"
	@$(RELINK_IF_STALE)
	$(RELEASE_BUILD)

# dist/: a versioned tarball and a Debian package of the stripped release binary, the manual
# page and the completions (packaging/dist.sh); .ci/package-check.sh installs and removes it.
dist: release
	@.ci/bootstrap.sh --dist
	packaging/dist.sh "$$($(SWIFT) build -c release --show-bin-path)/git-codecloud" dist

test: bootstrap
	@.ci/bootstrap.sh --python
	python3 Tests/Scripts/check_contract.py
	@# Every module a target imports is one of its direct dependencies (SwiftPM's own check
	@# accepts modules that arrive transitively).
	python3 Tests/Scripts/check_imports.py
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --skip EndToEndTests
	@# The end-to-end suites drive the built binaries against in-process emulators; in a test
	@# process of their own they do not compete for its two cooperative threads (on 2 cores)
	@# with hundreds of in-process tests.
	$(SWIFT) test --skip-build --filter EndToEndTests
	Tests/Scripts/contract.sh "$$($(SWIFT) build --show-bin-path)/codecloud-emulator"
	@# Every API fault once per command, the local safety matrix and the secrets scan (about 2 minutes on 2 cores: the waiting cases need their --timeout).
	$(RELIABILITY_FAST)

demo: build
	@Tests/Scripts/demo.sh "$$($(SWIFT) build -c $(CONFIG) --show-bin-path)"

install: release
	install -d "$(DESTDIR)$(BINDIR)"
	install -m 0755 "$$($(SWIFT) build -c release --show-bin-path)/git-codecloud" "$(DESTDIR)$(BINDIR)/git-codecloud"
	strip "$(DESTDIR)$(BINDIR)/git-codecloud" 2>/dev/null || true

# Benchmarks: release CLI, debug emulator; writes BENCHMARKS.md (BENCH_QUICK=1 for a smoke run).
bench: bootstrap
	@.ci/bootstrap.sh --bench
	@packaging/version.sh --stamp $(VERSION_STAMP) >/dev/null
	@$(RELINK_IF_STALE)
	$(RELEASE_BUILD)
	$(SWIFT) build --product codecloud-emulator
	python3 Tests/Benchmarks/bench.py --cli "$$($(SWIFT) build -c release --show-bin-path)/git-codecloud" \
		--emulator "$$($(SWIFT) build --show-bin-path)/codecloud-emulator" $(if $(BENCH_QUICK),--quick)

# Reliability suite: API faults, local safety, secrets, interrupts, fuzzing; writes RELIABILITY.md
# (RELIABILITY_QUICK=1 for a shorter run, FUZZ_SECONDS=n per fuzz target, default 60).
reliability: bootstrap
	@.ci/bootstrap.sh --bench
	$(SWIFT) build --product git-codecloud
	$(SWIFT) build --product codecloud-emulator
	python3 Tests/Reliability/reliability.py --cli "$$($(SWIFT) build --show-bin-path)/git-codecloud" \
		--emulator "$$($(SWIFT) build --show-bin-path)/codecloud-emulator" $(if $(RELIABILITY_QUICK),--quick)

# The fast part of the reliability suite (about 2 minutes): each API fault once, the local safety
# matrix and the secrets scan; also the last step of make test. Writes .build-reliability/fast.md.
RELIABILITY_FAST = python3 Tests/Reliability/reliability.py --cli "$$($(SWIFT) build --show-bin-path)/git-codecloud" \
		--emulator "$$($(SWIFT) build --show-bin-path)/codecloud-emulator" --quick --only faults,safety,secrets \
		--out .build-reliability/fast.md

reliability-fast: bootstrap
	$(SWIFT) build --product git-codecloud
	$(SWIFT) build --product codecloud-emulator
	$(RELIABILITY_FAST)

uninstall:
	rm -f "$(DESTDIR)$(BINDIR)/git-codecloud"

clean:
	rm -rf .build dist

# Shell completions and the manual page are generated from the command tree and committed;
# CLI tests fail (naming this target) when they drift from it.
.PHONY: completions install-shell-integration uninstall-shell-integration

completions: build
	"$$($(SWIFT) build -c $(CONFIG) --show-bin-path)/git-codecloud" generate-shell-integration --output .

install: install-shell-integration
uninstall: uninstall-shell-integration

install-shell-integration:
	install -d "$(DESTDIR)$(MANDIR)" "$(DESTDIR)$(BASHCOMPDIR)" "$(DESTDIR)$(ZSHCOMPDIR)" "$(DESTDIR)$(FISHCOMPDIR)" "$(DESTDIR)$(FISHCONFDIR)"
	install -m 0644 docs/git-codecloud.1 "$(DESTDIR)$(MANDIR)/git-codecloud.1"
	install -m 0644 completions/git-codecloud.bash "$(DESTDIR)$(BASHCOMPDIR)/git-codecloud"
	install -m 0644 completions/_git-codecloud "$(DESTDIR)$(ZSHCOMPDIR)/_git-codecloud"
	install -m 0644 completions/git-codecloud.fish "$(DESTDIR)$(FISHCOMPDIR)/git-codecloud.fish"
	install -m 0644 completions/git-codecloud.conf.fish "$(DESTDIR)$(FISHCONFDIR)/git-codecloud.fish"

uninstall-shell-integration:
	rm -f "$(DESTDIR)$(MANDIR)/git-codecloud.1" \
	      "$(DESTDIR)$(BASHCOMPDIR)/git-codecloud" \
	      "$(DESTDIR)$(ZSHCOMPDIR)/_git-codecloud" \
	      "$(DESTDIR)$(FISHCOMPDIR)/git-codecloud.fish" \
	      "$(DESTDIR)$(FISHCONFDIR)/git-codecloud.fish"
