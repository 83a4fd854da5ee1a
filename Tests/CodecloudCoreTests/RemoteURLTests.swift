import CodecloudCore
import Testing

@Suite struct RemoteURLTests {
    /// Every URL form git accepts, and the owner/repo it names (nil: must be rejected).
    static let table: [(url: String, slug: String?)] = [
        // scp-like
        ("git@github.com:octo/widgets.git", "octo/widgets"),
        ("git@github.com:octo/widgets", "octo/widgets"),
        ("git@work:octo/widgets", "octo/widgets"),  // ssh host alias
        ("github.com:octo/widgets.git", "octo/widgets"),
        ("git@github.com:/octo/widgets.git", "octo/widgets"),
        ("git@github.com:octo/widgets.git/", "octo/widgets"),
        ("git@[::1]:octo/widgets.git", "octo/widgets"),
        // ssh://
        ("ssh://git@github.com/octo/widgets.git", "octo/widgets"),
        ("ssh://git@github.com:2222/octo/widgets.git", "octo/widgets"),
        ("ssh://github.com/octo/widgets", "octo/widgets"),
        ("git+ssh://git@github.com/octo/widgets.git", "octo/widgets"),
        ("ssh+git://git@github.com/octo/widgets.git", "octo/widgets"),
        ("ssh://git@[2001:db8::1]:22/octo/widgets.git", "octo/widgets"),
        ("ssh://git@host/~octo/widgets.git", "octo/widgets"),
        // https / http
        ("https://github.com/octo/widgets.git", "octo/widgets"),
        ("https://github.com/octo/widgets", "octo/widgets"),
        ("https://github.com/octo/widgets/", "octo/widgets"),
        ("https://github.com/octo/widgets.git/", "octo/widgets"),
        ("https://x-access-token:secret@github.com/octo/widgets.git", "octo/widgets"),
        ("https://secret@github.com/octo/widgets", "octo/widgets"),
        ("http://localhost:8080/octo/widgets.git", "octo/widgets"),
        ("HTTPS://GitHub.com/Octo/Widgets.git", "Octo/Widgets"),
        ("https://github.com/octo/my.repo-name_2.git", "octo/my.repo-name_2"),
        // git://, ftp
        ("git://github.com/octo/widgets.git", "octo/widgets"),
        ("ftps://example.com/octo/widgets.git", "octo/widgets"),
        // local
        ("file:///srv/git/octo/widgets.git", "octo/widgets"),
        ("file://localhost/srv/git/octo/widgets", "octo/widgets"),
        ("/tmp/remotes/octo/widgets.git", "octo/widgets"),
        ("../remotes/octo/widgets.git", "octo/widgets"),
        ("./octo/widgets", "octo/widgets"),
        // <transport>::<address>
        ("https::https://github.com/octo/widgets.git", "octo/widgets"),
        // rejected
        ("", nil),
        ("   ", nil),
        ("https://github.com/octo", nil),
        ("https://github.com/", nil),
        ("https://github.com", nil),
        ("https://gitlab.com/group/subgroup/widgets.git", nil),
        ("git@github.com:widgets.git", nil),
        ("git@github.com:", nil),
        (":octo/widgets", nil),
        ("widgets.git", nil),
        ("svn://example.com/octo/widgets", nil),
        ("https:///octo/widgets", nil),
        ("https://github.com/octo/-widgets", nil),
        ("https://github.com/octo/wid%20gets", nil),
        ("https://github.com/../widgets", nil),
    ]

    @Test(arguments: table)
    func parses(url: String, slug: String?) {
        let parsed = try? RemoteURL.parse(url)
        #expect(parsed?.slug.description == slug, "\(url)")
    }

    @Test func tableIsLargeEnough() {
        #expect(Self.table.count >= 30)
        #expect(Self.table.filter { $0.slug == nil }.count >= 10)
    }

    @Test func rejectionsExplainThemselves() {
        #expect(throws: RemoteURL.ParseError(reason: "the path '/group/subgroup/widgets.git' has more than owner/repo")) {
            try RemoteURL.parse("https://gitlab.com/group/subgroup/widgets.git")
        }
    }

    @Test(arguments: [
        ("https://x-access-token:s3cret@github.com/octo/widgets.git", "https://***@github.com/octo/widgets.git"),
        ("https://s3cret@github.com/octo/widgets", "https://***@github.com/octo/widgets"),
        ("ssh://git:s3cret@host/octo/widgets", "ssh://git:***@host/octo/widgets"),
        ("ssh://git@host/octo/widgets", "ssh://git@host/octo/widgets"),
        ("git@github.com:octo/widgets.git", "git@github.com:octo/widgets.git"),
        ("https://github.com/octo/widgets", "https://github.com/octo/widgets"),
    ])
    func redactsSecrets(url: String, redacted: String) throws {
        #expect(RemoteURL.redact(url) == redacted)
        #expect(!RemoteURL.redact(url).contains("s3cret"))
    }

    @Test func parsedURLCarriesKindHostAndRedaction() throws {
        let url = try RemoteURL.parse("ssh://git@github.com:2222/octo/widgets.git")
        #expect(url.kind == .ssh)
        #expect(url.host == "github.com")
        let alias = try RemoteURL.parse("git@work:octo/widgets")
        #expect(alias.kind == .scpLike)
        #expect(alias.host == "work")
        #expect(try RemoteURL.parse("https://tok@github.com/o/r").redacted == "https://***@github.com/o/r")
    }

    @Test(arguments: ["octo/widgets", "octo/widgets.git", "a-b/c.d_e"])
    func acceptsRepositoryOverride(_ text: String) throws {
        let slug = try RepositorySlug(validating: text)
        #expect(slug.owner == text.split(separator: "/")[0].description)
        #expect(!slug.name.hasSuffix(".git"))
    }

    @Test(arguments: ["octo", "octo/", "/widgets", "a/b/c", "octo/wid gets", "../x", "-o/widgets", ""])
    func rejectsBadRepositoryOverride(_ text: String) {
        #expect(throws: WorkflowError.self) { try RepositorySlug(validating: text) }
    }
}
