@testable import CodecloudCore
import CodecloudTestSupport
import Foundation
import Testing

@Suite struct CredentialStoreTests {
    private let key = "cc_live_FILEKEY_0123456789"
    private let service = URL(string: "http://127.0.0.1:8080")!

    private func permissions(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func fileStorageIsPrivateAndPerService() throws {
        let home = try ScratchHome()
        defer { home.remove() }
        let output = CapturedOutput()
        let store = CredentialStore(apiURL: service, environment: home.environment(output: output))

        #expect(try store.lookup() == nil)
        let saved = try store.save(key)
        let path = home.configHome + "/git-codecloud/credentials"
        #expect(saved == Credential(key: key, source: .file, location: path))
        #expect(try permissions(path) == 0o600)
        #expect(try permissions(home.configHome + "/git-codecloud") == 0o700)
        #expect(try store.lookup() == saved)

        // Another service does not see this key.
        let other = CredentialStore(apiURL: URL(string: "https://codecloud.dev")!, environment: home.environment(output: output))
        #expect(try other.lookup() == nil)
        try other.save("cc_live_OTHER_0123456789")
        #expect(try store.lookup()?.key == key)

        #expect(try store.remove().map(\.source) == [.file])
        #expect(try store.lookup() == nil)
        #expect(try other.lookup()?.key == "cc_live_OTHER_0123456789")
        #expect(try permissions(path) == 0o600)
        #expect(output.stderr.isEmpty)
    }

    @Test func environmentVariableComesFirst() throws {
        let home = try ScratchHome()
        defer { home.remove() }
        let output = CapturedOutput()
        try CredentialStore(apiURL: service, environment: home.environment(output: output)).save(key)
        let store = CredentialStore(apiURL: service, environment: home.environment(["CODECLOUD_API_KEY": "cc_env_key_0123456789\n"], output: output))
        #expect(try store.lookup() == Credential(key: "cc_env_key_0123456789", source: .environment, location: "CODECLOUD_API_KEY"))
    }

    @Test func exposedFileIsWarnedAbout() throws {
        let home = try ScratchHome()
        defer { home.remove() }
        let output = CapturedOutput()
        let store = CredentialStore(apiURL: service, environment: home.environment(output: output))
        let saved = try store.save(key)
        chmod(saved.location, 0o644)
        #expect(try store.lookup()?.key == key)
        #expect(output.stderr.contains("warning: \(saved.location) is readable by other users"))
        #expect(!output.stderr.contains(key))
    }

    @Test func credentialHelperIsUsedWhenConfigured() throws {
        let home = try ScratchHome()
        defer { home.remove() }
        let helperFile = home.path + "/helper-store"
        try home.git("config", "--global", "credential.helper", "store --file=\(helperFile)")
        let output = CapturedOutput()
        let store = CredentialStore(apiURL: service, environment: home.environment(output: output))

        #expect(try store.helperConfigured())
        #expect(try store.lookup() == nil)
        let saved = try store.save(key)
        #expect(saved.source == .credentialHelper)
        let stored = try String(contentsOfFile: helperFile, encoding: .utf8)
        #expect(stored.contains("http://git-codecloud:\(key)@127.0.0.1%3a8080"))
        #expect(!FileManager.default.fileExists(atPath: home.configHome + "/git-codecloud/credentials"))
        #expect(try store.lookup() == saved)

        #expect(try store.remove().map(\.source) == [.credentialHelper])
        #expect(try !String(contentsOfFile: helperFile, encoding: .utf8).contains(key))
        #expect(try store.lookup() == nil)
    }

    @Test func emptyHelperValueResetsTheList() throws {
        let home = try ScratchHome()
        defer { home.remove() }
        try home.git("config", "--global", "credential.helper", "store")
        try home.git("config", "--global", "--add", "credential.helper", "")
        let store = CredentialStore(apiURL: service, environment: home.environment(output: CapturedOutput()))
        #expect(try !store.helperConfigured())
    }

    @Test func redaction() {
        #expect(Credential.redact("cc_abcdef123456789") == "cc_ab…")
        #expect(Credential.redact("short") == "…")
    }
}
