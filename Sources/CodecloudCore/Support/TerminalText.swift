/// Makes text from the service or the agent safe to write to a terminal.
///
/// A run's result is model output over a repository that may hold prompt injections; titles,
/// branch names, URLs and error messages come from the service. Any of them could carry escape
/// sequences that write the clipboard (OSC 52), disguise a link (OSC 8), clear the screen
/// (CSI 2J), retitle the window or move the cursor to forge output. The idea follows cli/cli's
/// asciisanitizer: nothing is interpreted, everything stays visible.
///
/// - C0 controls and DEL become caret notation (`ESC` → `^[`, `BEL` → `^G`, `DEL` → `^?`), so an
///   escape sequence shows as inert text (`^[]52;c;…^G`).
/// - C1 controls (U+0080–U+009F; U+009B is a one-character CSI) become `\u{9b}`.
/// - Bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069), which reorder what a
///   reader sees, become `\u{202e}` as well.
/// - `\n` and `\t` stay (layout needs them); `\r` stays only before `\n`. `line(_:)` turns
///   them into spaces for one-line fields (table cells, titles).
///
/// Every human-readable write goes through `sanitize` (`OutputStreams.out`/`err`); `--json`
/// output escapes the same characters as `\uXXXX`, which keeps the service's text verbatim
/// for a JSON reader.
public enum TerminalText {
    /// `text` with every control character made visible; newlines and tabs kept.
    public static func sanitize(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscaping) else { return text }
        var result = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            if scalar == "\r", index + 1 < scalars.count, scalars[index + 1] == "\n" {
                result.append(scalar)
                continue
            }
            guard needsEscaping(scalar) else {
                result.append(scalar)
                continue
            }
            result.append(contentsOf: visible(scalar).unicodeScalars)
        }
        return String(result)
    }

    /// `text` on one line: newlines, carriage returns and tabs become spaces, other controls
    /// are made visible as `sanitize` does.
    public static func line(_ text: String) -> String {
        var flat = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            flat.append(scalar == "\n" || scalar == "\r" || scalar == "\t" ? " " : scalar)
        }
        return sanitize(String(flat))
    }

    /// `line(text)`, cut to at most `limit` characters with an ellipsis (table cells, board lines).
    public static func line(_ text: String, limit: Int) -> String {
        let flat = line(text)
        return flat.count > limit ? String(flat.prefix(max(0, limit - 1))) + "…" : flat
    }

    /// Whether `scalar` may not reach a terminal as is (`\n` and `\t` may).
    public static func needsEscaping(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: false
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// How an escaped character is shown.
    static func visible(_ scalar: Unicode.Scalar) -> String {
        switch scalar.value {
        case 0x00...0x1F: "^" + String(Unicode.Scalar(UInt8(scalar.value) + 0x40))
        case 0x7F: "^?"
        default: "\\u{" + String(scalar.value, radix: 16) + "}"
        }
    }

    /// JSON text (as `JSONEncoder` writes it) with DEL, C1 controls and bidirectional controls
    /// written as `\uXXXX` escapes. The decoded value is unchanged (verbatim for a script), but
    /// a terminal the JSON is printed to never receives them raw. `JSONEncoder` already escapes
    /// C0 controls; these characters can only occur inside JSON strings.
    public static func escapingControlsInJSON(_ json: String) -> String {
        guard json.unicodeScalars.contains(where: needsEscaping) else { return json }
        var result = String.UnicodeScalarView()
        for scalar in json.unicodeScalars {
            if needsEscaping(scalar), scalar.value > 0x1F {
                let hex = String(scalar.value, radix: 16)
                result.append(contentsOf: ("\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex).unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }
}
