import CodecloudCore

/// Left-aligned columns separated by two spaces, with an upper-case header row; no trailing spaces.
struct TextTable {
    var headers: [String]
    var rows: [[String]] = []

    /// Adds a row; each cell is kept to one line (`TerminalText.line`), so a title with a
    /// newline or an escape sequence from the service cannot break the table or the terminal.
    mutating func append(_ row: [String]) { rows.append(row.map(TerminalText.line)) }

    func render() -> String {
        let all = [headers] + rows
        let widths = headers.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }.joined(separator: "\n") + "\n"
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}
