@testable import CodecloudGit
import CodecloudTestSupport
import Foundation
import Testing

/// libgit2's initialisation leaves the CA bundle unparsed (mbedTLS builds, like Debian's) and
/// libssh2 uninitialised, and only that initialisation: every other call reaches the library,
/// the first connection loads the bundle, and libssh2 still makes sessions.
@Suite struct DeferredInitialisationTests {
    /// Whether the linked libgit2 uses mbedTLS (asked of a function this process does not
    /// define itself, unlike `mbedtls_x509_crt_parse_file`).
    private var libgit2UsesMbedTLS: Bool {
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mbedtls_ssl_config_init") != nil
    }

    /// Whether the linked libgit2 uses libssh2 (asked the same way: not of `libssh2_init`).
    private var libgit2UsesLibssh2: Bool {
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), "libssh2_session_init_ex") != nil
    }

    @Test func initialisationNotesTheBundleInsteadOfParsingIt() throws {
        let sandbox = try GitSandbox()
        _ = try Repository.open(RepositoryLocation(startDirectory: try sandbox.makeRepository()), configuration: .none)
        guard libgit2UsesMbedTLS else { return }
        let path = try #require(libgit2DeferredCertificateBundle())
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test func theFirstConnectionLoadsTheBundle() throws {
        ensureLibgit2()
        try ensureLibgit2TLS()
        #expect(!libgit2CertificatesPending())
        try ensureLibgit2TLS()  // once only
    }

    @Test func outsideInitialisationCallsReachMbedTLS() throws {
        guard libgit2UsesMbedTLS else { return }
        // mbedTLS's own answer for a file it cannot read (MBEDTLS_ERR_PK_FILE_IO_ERROR); a
        // deferred call would have reported success.
        let chain = UnsafeMutableRawPointer.allocate(byteCount: 4096, alignment: 16)
        defer { chain.deallocate() }
        memset(chain, 0, 4096)
        #expect(codecloudDeferrableParseFile(chain, "/nonexistent/ca-bundle.crt") == -0x3E00)
    }

    @Test func initialisationSkipsLibssh2ThatStillMakesSessions() throws {
        let sandbox = try GitSandbox()
        _ = try Repository.open(RepositoryLocation(startDirectory: try sandbox.makeRepository()), configuration: .none)
        guard libgit2UsesLibssh2 else { return }
        #expect(libgit2SkippedSSHInitialisation())
        // libssh2_session_init_ex(alloc, free, realloc, abstract): libssh2 initialises itself
        // (through the same binding, now outside git_libgit2_init) and makes the session.
        typealias SessionInit = @convention(c) (OpaquePointer?, OpaquePointer?, OpaquePointer?, UnsafeMutableRawPointer?) -> OpaquePointer?
        typealias SessionFree = @convention(c) (OpaquePointer?) -> Int32
        let sessionInit = unsafeBitCast(try #require(dlsym(UnsafeMutableRawPointer(bitPattern: 0), "libssh2_session_init_ex")), to: SessionInit.self)
        let sessionFree = unsafeBitCast(try #require(dlsym(UnsafeMutableRawPointer(bitPattern: 0), "libssh2_session_free")), to: SessionFree.self)
        let session = try #require(sessionInit(nil, nil, nil, nil))
        #expect(sessionFree(session) == 0)
    }
}
