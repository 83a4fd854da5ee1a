import CodecloudCore

/// The README's tables that the man page also has (exit codes, environment variables),
/// generated from the same sources so the two never disagree. Each sits between
/// `<!-- generated: NAME (make completions) -->` and `<!-- end generated -->` lines; everything
/// else in the README is hand-written and left alone.
enum ReadmeTables {
    static let repositoryPath = "README.md"

    /// The generated regions: name, and the Markdown between the markers.
    static let regions: [(name: String, render: @Sendable () -> String)] = [
        ("exit-codes", {
            table(["code", "meaning"], CodecloudExitCode.allCases.map { ["\($0.rawValue)", $0.meaning] })
        }),
        ("environment", {
            table(["variable", "effect"], DocumentedEnvironment.variables.map { ["`\($0.name)`", $0.meaning] })
        }),
    ]

    /// `readme` with every generated region rendered anew. A marker without its end is left as is
    /// (the sync test then fails, naming the file).
    static func splice(into readme: String) -> String {
        var lines = readme.components(separatedBy: "\n")
        for region in regions {
            let begin = "<!-- generated: \(region.name) (make completions) -->"
            guard let start = lines.firstIndex(of: begin),
                  let end = lines[(start + 1)...].firstIndex(of: "<!-- end generated -->") else { continue }
            lines.replaceSubrange((start + 1)..<end, with: region.render().components(separatedBy: "\n"))
        }
        return lines.joined(separator: "\n")
    }

    private static func table(_ header: [String], _ rows: [[String]]) -> String {
        func row(_ cells: [String]) -> String { "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |" }
        return ([row(header), row(header.map { _ in "---" })] + rows.map(row)).joined(separator: "\n")
    }
}
