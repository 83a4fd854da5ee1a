import Clibgit2
import Foundation
import Synchronization

// Debian's libgit2 is built with mbedTLS, whose set-up inside `git_libgit2_init` parses the
// whole system CA bundle (about 140 certificates: 4.6 of the 5.4 ms of CPU that
// `git_libgit2_init` takes here), although a command like `status` makes no connection.
//
// So this module defines `mbedtls_x509_crt_parse_file` itself. libgit2 calls it through the
// dynamic linker, which binds the call to the first definition in the process's global scope,
// and the executable comes first: libgit2's call lands here. While `git_libgit2_init` runs,
// the bundle's path is only noted and an empty chain reported loaded; at any other time the
// call goes on to mbedTLS's own function. `ensureLibgit2TLS()`, to be called before libgit2 opens
// a connection (none does today: git fetches), then loads the noted bundle for real (GIT_OPT_SET_SSL_CERT_LOCATIONS).
//
// Until then libgit2 trusts no certificate: a TLS connection made without
// `ensureLibgit2TLS()` fails verification (GIT_ECERTIFICATE); nothing is accepted unverified.
// A libgit2 built without mbedTLS (OpenSSL, macOS) never calls this function.

private struct DeferredBundle {
    /// Set while `git_libgit2_init` runs.
    var deferring = false
    /// The bundle libgit2 asked for during initialisation.
    var path: String?
    /// Whether `ensureLibgit2TLS()` has loaded it.
    var loaded = false
}

private let deferredBundle = Mutex(DeferredBundle())

/// Runs `initialise` (git_libgit2_init) with certificate loading deferred.
func deferringCertificateLoading(_ initialise: () -> Void) {
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

/// mbedTLS's own `mbedtls_x509_crt_parse_file`: the next definition after this executable's.
private let mbedTLSParseFile: ParseFile? = {
    // RTLD_NEXT, which Swift does not import: ((void *) -1).
    dlsym(UnsafeMutableRawPointer(bitPattern: -1), "mbedtls_x509_crt_parse_file").map { unsafeBitCast($0, to: ParseFile.self) }
}()

/// mbedTLS's `int mbedtls_x509_crt_parse_file(mbedtls_x509_crt *chain, const char *path)`, as
/// libgit2 sees it: see the comment at the top of this file.
@_cdecl("mbedtls_x509_crt_parse_file")
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
