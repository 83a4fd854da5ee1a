import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// One config setting: a `git -c key=value` as git hands it to the commands it runs, or one
/// entry of git's own listing (`ListedConfiguration`).
public struct ConfigParameter: Sendable, Equatable {
    /// The key in git's canonical form: section and variable lower-cased, subsection as given.
    public var key: String
    /// The value; nil for an implicit boolean true (`git -c core.bare`, no `=`).
    public var value: String?

    public init(key: String, value: String?) {
        self.key = key
        self.value = value
    }

    /// Settings (canonical keys) as the text of a config file libgit2 reads back to the same keys
    /// and values, in the same order.
    static func configFileText(_ parameters: [ConfigParameter]) -> String {
        var text = ""
        for parameter in parameters {
            let characters = Array(parameter.key)
            // Canonical keys have both dots (`canonicalKey`, git's listing); sections and
            // variables never hold one.
            guard let firstDot = characters.firstIndex(of: "."), let lastDot = characters.lastIndex(of: "."), lastDot + 1 < characters.count else { continue }
            let section = String(characters[..<firstDot]), variable = String(characters[(lastDot + 1)...])
            if firstDot == lastDot {
                text += "[\(section)]\n"
            } else {
                // In a section header only backslash and double quote are escaped (a `\\t` there
                // reads as `t`).
                let subsection = String(characters[(firstDot + 1)..<lastDot])
                text += "[\(section) \"\(subsection.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))\"]\n"
            }
            // No `=` is git's implicit true; a value is always quoted, so spaces, `#` and `;` survive.
            text += parameter.value.map { "\t\(variable) = \"\(escaped($0))\"\n" } ?? "\t\(variable)\n"
        }
        return text
    }

    private static func escaped(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\u{8}": result += "\\b"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

/// The configuration git passes down the command line: `git -c` and `--config-env` reach a
/// command git runs (as `git codecloud` is) in `GIT_CONFIG_PARAMETERS`, and a user may set
/// `GIT_CONFIG_COUNT` with `GIT_CONFIG_KEY_<n>`/`GIT_CONFIG_VALUE_<n>`. Both outrank every config
/// file; the `GIT_CONFIG_COUNT` ones are read first, as git's `git_config_from_parameters` does.
public enum CommandLineConfiguration {
    /// The settings in `variables` (an environment), in the order git applies them (a later one
    /// wins). Throws, with git's own reason, when either variable is malformed: git then refuses
    /// to run any command.
    public static func parameters(in variables: [String: String]) throws -> [ConfigParameter] {
        var parameters: [ConfigParameter] = []
        if let countText = variables["GIT_CONFIG_COUNT"] {
            guard let count = countText.isEmpty ? 0 : Int(countText), count >= 0 else {
                throw failure("bogus count in GIT_CONFIG_COUNT")
            }
            for index in 0..<count {
                guard let key = variables["GIT_CONFIG_KEY_\(index)"] else { throw failure("missing config key GIT_CONFIG_KEY_\(index)") }
                guard let value = variables["GIT_CONFIG_VALUE_\(index)"] else { throw failure("missing config value GIT_CONFIG_VALUE_\(index)") }
                parameters.append(ConfigParameter(key: try canonicalKey(key), value: value))
            }
        }
        if let list = variables["GIT_CONFIG_PARAMETERS"] {
            parameters += try parseParameterList(list)
        }
        return parameters
    }

    /// `GIT_CONFIG_PARAMETERS`: shell-single-quoted items separated by spaces, each either
    /// `'key'='value'` (git 2.31 and later), `'key'=` (an implicit true) or `'key=value'` (older
    /// gits, where a key without `=` is an implicit true).
    static func parseParameterList(_ list: String) throws -> [ConfigParameter] {
        var rest = Substring(list)
        var parameters: [ConfigParameter] = []
        func skipSpaces() { rest = rest.drop(while: isGitSpace) }
        skipSpaces()
        while !rest.isEmpty {
            guard let first = singleQuoted(&rest) else { throw failure("bogus format in GIT_CONFIG_PARAMETERS") }
            if rest.first == "=" {
                rest = rest.dropFirst()
                if rest.first == "'" {
                    guard let value = singleQuoted(&rest), rest.first.map(isGitSpace) ?? true else {
                        throw failure("bogus format in GIT_CONFIG_PARAMETERS")
                    }
                    parameters.append(ConfigParameter(key: try canonicalKey(first), value: value))
                } else if rest.first.map(isGitSpace) ?? true {
                    parameters.append(ConfigParameter(key: try canonicalKey(first), value: nil))
                } else {
                    throw failure("bogus format in GIT_CONFIG_PARAMETERS")
                }
            } else if rest.first.map(isGitSpace) ?? true {
                // Old style: the key and value share one quoted item.
                if let equals = first.firstIndex(of: "=") {
                    parameters.append(ConfigParameter(key: try canonicalKey(String(first[..<equals])), value: String(first[first.index(after: equals)...])))
                } else {
                    parameters.append(ConfigParameter(key: try canonicalKey(first), value: nil))
                }
            } else {
                throw failure("bogus format in GIT_CONFIG_PARAMETERS")
            }
            skipSpaces()
        }
        return parameters
    }

    /// git's `isspace`: ASCII space, tab, newline and carriage return only.
    private static func isGitSpace(_ character: Character) -> Bool {
        character == " " || character == "\t" || character == "\n" || character == "\r" || character == "\r\n"
    }

    /// One item as git's `sq_quote` writes it: `'…'`, a `'` or `!` inside written `'\''` / `'\!'`.
    /// Consumes it from `text`; nil when `text` does not start with one.
    private static func singleQuoted(_ text: inout Substring) -> String? {
        guard text.first == "'" else { return nil }
        var scanner = text.dropFirst()
        var result = ""
        while let character = scanner.first {
            scanner = scanner.dropFirst()
            guard character == "'" else {
                result.append(character)
                continue
            }
            // Out of the quotes: `\'` or `\!` followed by a new quote continues the item.
            let after = Array(scanner.prefix(3))
            if after.count == 3, after[0] == "\\", after[1] == "'" || after[1] == "!", after[2] == "'" {
                result.append(after[1])
                scanner = scanner.dropFirst(3)
                continue
            }
            text = scanner
            return result
        }
        return nil
    }

    /// `key` as git's `git_config_parse_key` canonicalises it: `section[.subsection].variable`, the
    /// section and variable made of letters, digits and `-` (the variable starting with a letter)
    /// and lower-cased, the subsection kept as it is (no newline).
    static func canonicalKey(_ key: String) throws -> String {
        let characters = Array(key)
        guard let firstDot = characters.firstIndex(of: "."), let lastDot = characters.lastIndex(of: "."), lastDot + 1 < characters.count else {
            throw failure(key.isEmpty ? "empty config key" : "key does not contain a section and a variable name: \(printable(key))")
        }
        func isKeyCharacter(_ character: Character) -> Bool { character.isASCII && (character.isLetter || character.isNumber || character == "-") }
        let section = characters[..<firstDot], variable = characters[(lastDot + 1)...]
        guard !section.isEmpty, section.allSatisfy(isKeyCharacter), variable.allSatisfy(isKeyCharacter),
              variable.first.map({ $0.isASCII && $0.isLetter }) == true,
              !characters[firstDot..<lastDot].contains(where: { $0 == "\n" || $0 == "\r\n" })
        else { throw failure("invalid key: \(printable(key))") }
        let subsection = firstDot == lastDot ? nil : String(characters[(firstDot + 1)..<lastDot])
        return String(section).lowercased() + (subsection.map { "." + $0 } ?? "") + "." + String(variable).lowercased()
    }

    /// A key as it may appear in a one-line message: control characters shown as `?`.
    private static func printable(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : $0 }))
    }

    private static func failure(_ reason: String) -> GitError {
        GitError(.other, "unable to parse command-line config: \(reason)")
    }
}

/// Settings git has but no file holds as libgit2 could read them (`git -c`, what git listed) as a
/// config file libgit2 can add to a repository's config: an unlinked temporary file held open
/// for the life of the process and named through `/proc/self/fd`, so nothing is left on disk
/// and libgit2, which stats a file before it reuses what it parsed, always finds it unchanged.
/// One file per distinct text, made once.
enum GeneratedConfigFile {
    private static let made = Mutex<[String: String]>([:])

    /// The path of a file holding `text`.
    static func path(holding text: String) throws -> String {
        try made.withLock { files in
            if let path = files[text] { return path }
            let path = try makeFile(holding: text)
            files[text] = path
            return path
        }
    }

    private static func makeFile(holding text: String) throws -> String {
        var template = Array((NSTemporaryDirectory() + "/git-codecloud-config.XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw GitError(.other, "writing config to a temporary file: \(String(cString: strerror(errno)))") }
        let name = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        unlink(name)
        // Children (git) need not inherit it: git reads the settings from the environment itself.
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                close(descriptor)
                throw GitError(.other, "writing config to a temporary file: \(String(cString: strerror(errno)))")
            }
            written += count
        }
        #if os(Linux)
        return "/proc/self/fd/\(descriptor)"
        #else
        return "/dev/fd/\(descriptor)"
        #endif
    }
}
