import Foundation

// libFuzzer entry point for `RemoteURL.parse` (compiled together with RemoteURL.swift by
// fuzz.sh). Beyond "does not crash" it checks the invariants callers rely on: a parsed slug is
// valid on its own, and redaction never grows a secret back.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRemoteURL(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    let redacted = RemoteURL.redact(text)
    precondition(RemoteURL.redact(redacted) == redacted, "redact is not idempotent for \(text.debugDescription)")
    guard let url = try? RemoteURL.parse(text) else { return 0 }
    precondition(RepositorySlug.isValidComponent(url.slug.owner), "invalid owner from \(text.debugDescription)")
    precondition(RepositorySlug.isValidComponent(url.slug.name), "invalid name from \(text.debugDescription)")
    // `-R owner/name` strips every spelling of `.git` the remote parser does; a name that still
    // ends in `.git` after parsing (`x.git.git`) is the one known difference (see RELIABILITY.md).
    let reparsed = try? RepositorySlug(validating: url.slug.description)
    precondition(reparsed.map { $0.owner == url.slug.owner && ($0.name == url.slug.name || $0.name + ".git" == url.slug.name) } ?? false,
                 "slug does not round-trip for \(text.debugDescription)")
    return 0
}
