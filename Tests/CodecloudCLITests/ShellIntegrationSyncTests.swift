@testable import CodecloudCLI
import CodecloudCore
import Foundation
import Testing

/// The committed completion scripts and manual page must be what the current command tree
/// generates; `make completions` regenerates them.
@Suite struct ShellIntegrationSyncTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func everyGeneratedFileIsCommittedUpToDate() async throws {
        let readme = try String(contentsOf: Self.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let files = try await GeneratedFile.all(readme: readme)
        #expect(Set(files.map(\.path)) == [
            "completions/git-codecloud.bash", "completions/_git-codecloud", "completions/git-codecloud.fish",
            "completions/git-codecloud.conf.fish", "docs/git-codecloud.1", "README.md",
        ])
        for region in ReadmeTables.regions {
            #expect(readme.contains("<!-- generated: \(region.name) (make completions) -->"), "README.md lost its generated \(region.name) table")
        }
        for file in files {
            try Self.expectCommitted(file.path, equals: file.contents)
        }
    }

    /// One short message naming the file, the first differing line and the fix (not a dump of
    /// both files).
    static func expectCommitted(_ relativePath: String, equals generated: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = packageRoot.appendingPathComponent(relativePath)
        guard let committed = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("\(relativePath) is missing: run `make completions` and commit the result", sourceLocation: sourceLocation)
            return
        }
        guard committed != generated else { return }
        let committedLines = committed.components(separatedBy: "\n")
        let generatedLines = generated.components(separatedBy: "\n")
        let line = zip(committedLines, generatedLines).enumerated().first { $1.0 != $1.1 }?.offset
            ?? min(committedLines.count, generatedLines.count)
        let committedLine = line < committedLines.count ? committedLines[line] : "<end of file>"
        let generatedLine = line < generatedLines.count ? generatedLines[line] : "<end of file>"
        Issue.record(
            """
            \(relativePath) is out of date with the command tree: run `make completions` and commit the result \
            (line \(line + 1): committed \(committedLine.debugDescription), generated \(generatedLine.debugDescription))
            """,
            sourceLocation: sourceLocation
        )
    }
}

@Suite struct ReadmeTablesTests {
    @Test func splicingRenewsOnlyTheGeneratedRegions() {
        let readme = """
            # Title
            hand-written
            <!-- generated: exit-codes (make completions) -->
            | stale | table |
            <!-- end generated -->
            after
            """
        let spliced = ReadmeTables.splice(into: readme)
        #expect(spliced.hasPrefix("# Title\nhand-written\n<!-- generated: exit-codes (make completions) -->\n| code | meaning |"))
        #expect(spliced.hasSuffix("<!-- end generated -->\nafter"))
        #expect(!spliced.contains("stale"))
        #expect(spliced.contains("| 6 | \(CodecloudExitCode.localWorkProtected.meaning) |"))
        // Idempotent, and a marker without its end is left alone.
        #expect(ReadmeTables.splice(into: spliced) == spliced)
        let unterminated = "<!-- generated: environment (make completions) -->\nkeep"
        #expect(ReadmeTables.splice(into: unterminated) == unterminated)
    }
}
