import CodecloudGit
import Testing

@Suite struct Libgit2Tests {
    @Test func linksLibgit2() {
        #expect(libgit2Version().split(separator: ".").count == 3)
    }
}
