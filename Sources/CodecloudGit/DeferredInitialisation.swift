import Clibgit2
import Foundation
import Synchronization

// `git_libgit2_init` sets up two libraries the tool never uses through libgit2 (every fetch is
// `git fetch`; libgit2 only reads), and on Debian both are expensive:
//
// - mbedTLS parses the whole system CA bundle (about 140 certificates: 4.6 of the 5.4 ms of CPU
//   that `git_libgit2_init` takes here);
// - libssh2 initialises OpenSSL, its crypto backend (1 M instructions, and 1.5 MiB of
//   libcrypto's pages resident for the rest of the command).
//
// So this module stands in for `mbedtls_x509_crt_parse_file` and `libssh2_init`. While
// `git_libgit2_init` runs, the bundle's path is only noted and an empty chain reported loaded,
// and libssh2 is left uninitialised; at any other time each call goes on to the library's own
// function. How the calls reach this module depends on how libgit2 is linked:
//
// - Shared libgit2 (debug builds, tests): this module defines both names itself. libgit2 calls
//   them through the dynamic linker, which binds each call to the first definition in the
//   process's global scope, and the executable comes first (the release link exports both
//   names: packaging/exports.map); the library's own function is the next definition
//   (`dlsym(RTLD_NEXT)`).
// - Static libgit2 (the release build where Debian's archives are installed; Makefile,
//   STATIC_LIBGIT2): the names are `__wrap_…`, and the link's `--wrap` sends here every call of
//   the library's function made from another object file (libgit2's among them), the library's
//   own being `__real_…` (Clibgit2's shim.h). A call inside the object that defines the
//   function goes straight to it: libssh2's own `_libssh2_init_if_needed`, which only runs
//   after initialisation, when the call would go on to the library anyway. The two halves
//   cannot come apart silently: `--wrap` without this module's `__wrap_…` definitions, or them
//   without it, is an undefined symbol at link time.
//
// - The CA bundle: `ensureLibgit2TLS()`, to be called before libgit2 opens a connection (none
//   does today), loads the noted bundle for real (GIT_OPT_SET_SSL_CERT_LOCATIONS). Until then
//   libgit2 trusts no certificate: a TLS connection made without it fails verification
//   (GIT_ECERTIFICATE); nothing is accepted unverified.
// - libssh2 needs nothing: `libssh2_session_init_ex` initialises the library itself when it has
//   not been (libssh2's `_libssh2_init_if_needed`), so an ssh session libgit2 made would work.
//
// A libgit2 built without mbedTLS (OpenSSL, macOS) or without libssh2 never calls these.

private struct DeferredBundle {
    /// Set while `git_libgit2_init` runs.
    var deferring = false
    /// The bundle libgit2 asked for during initialisation.
    var path: String?
    /// Whether `ensureLibgit2TLS()` has loaded it.
    var loaded = false
    /// Whether initialisation's `libssh2_init` was skipped.
    var skippedSSH = false
}

private let deferredBundle = Mutex(DeferredBundle())

/// Runs `initialise` (git_libgit2_init) with certificate loading and libssh2 deferred.
func deferringExpensiveInitialisation(_ initialise: () -> Void) {
    deferredBundle.withLock { $0.deferring = true }
    initialise()
    deferredBundle.withLock { $0.deferring = false }
}

/// Loads the CA bundle libgit2's initialisation skipped; call before libgit2 makes a network
/// connection. Idempotent. No command makes one today (every fetch is `git fetch`), so only
/// its tests call it; it stays so that a future libgit2 connection has one call to make
/// instead of failing certificate verification.
func ensureLibgit2TLS() throws {
    ensureLibgit2()
    guard let path = deferredBundle.withLock({ state -> String? in
        guard !state.loaded, let path = state.path else { return nil }
        state.loaded = true
        return path
    }) else { return }
    try check(codecloud_git_set_ssl_cert_locations(path, nil), "loading CA certificates from \(path)")
}

/// The CA bundle libgit2's initialisation asked for (nil: none, libgit2 without mbedTLS).
func libgit2DeferredCertificateBundle() -> String? {
    deferredBundle.withLock { $0.path }
}

/// Whether initialisation deferred a CA bundle that `ensureLibgit2TLS()` has not loaded yet.
func libgit2CertificatesPending() -> Bool {
    deferredBundle.withLock { !$0.loaded && $0.path != nil }
}

private typealias ParseFile = @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>?) -> Int32

#if CODECLOUD_STATIC_LIBGIT2
/// mbedTLS's own `mbedtls_x509_crt_parse_file`, under the name `--wrap` gives it.
private let mbedTLSParseFile: ParseFile? = { __real_mbedtls_x509_crt_parse_file($0, $1) }
#else
/// mbedTLS's own `mbedtls_x509_crt_parse_file`: the next definition after this executable's.
private let mbedTLSParseFile: ParseFile? = {
    // RTLD_NEXT, which Swift does not import: ((void *) -1).
    dlsym(UnsafeMutableRawPointer(bitPattern: -1), "mbedtls_x509_crt_parse_file").map { unsafeBitCast($0, to: ParseFile.self) }
}()
#endif

/// mbedTLS's `int mbedtls_x509_crt_parse_file(mbedtls_x509_crt *chain, const char *path)`, as
/// libgit2 sees it: see the comment at the top of this file.
#if CODECLOUD_STATIC_LIBGIT2
@_cdecl("__wrap_mbedtls_x509_crt_parse_file")
#else
@_cdecl("mbedtls_x509_crt_parse_file")
#endif
public func codecloudDeferrableParseFile(_ chain: UnsafeMutableRawPointer?, _ path: UnsafePointer<CChar>?) -> Int32 {
    let deferred = deferredBundle.withLock { state -> Bool in
        guard state.deferring, let path else { return false }
        state.path = String(cString: path)
        return true
    }
    if deferred { return 0 }
    // MBEDTLS_ERR_X509_FILE_IO_ERROR when there is no mbedTLS to forward to.
    return mbedTLSParseFile?(chain, path) ?? -0x2900
}

/// Whether initialisation's `libssh2_init` was skipped (false: libgit2 without libssh2).
func libgit2SkippedSSHInitialisation() -> Bool {
    deferredBundle.withLock { $0.skippedSSH }
}

private typealias SSHInit = @convention(c) (Int32) -> Int32

#if CODECLOUD_STATIC_LIBGIT2
/// libssh2's own `libssh2_init`, under the name `--wrap` gives it.
private let libssh2Init: SSHInit? = { __real_libssh2_init($0) }
#else
/// libssh2's own `libssh2_init`: the next definition after this executable's.
private let libssh2Init: SSHInit? = {
    dlsym(UnsafeMutableRawPointer(bitPattern: -1), "libssh2_init").map { unsafeBitCast($0, to: SSHInit.self) }
}()
#endif

/// libssh2's `int libssh2_init(int flags)`, as libgit2 sees it: see the comment at the top of
/// this file. With shared libgit2, libssh2 itself calls it (through the same binding) when a
/// session is made before the library was initialised; with static libgit2 that call goes
/// straight to the library's own (`--wrap` reaches calls from other object files only).
#if CODECLOUD_STATIC_LIBGIT2
@_cdecl("__wrap_libssh2_init")
#else
@_cdecl("libssh2_init")
#endif
public func codecloudDeferrableSSHInit(_ flags: Int32) -> Int32 {
    let deferred = deferredBundle.withLock { state -> Bool in
        guard state.deferring else { return false }
        state.skippedSSH = true
        return true
    }
    if deferred { return 0 }
    return libssh2Init?(flags) ?? 0
}
