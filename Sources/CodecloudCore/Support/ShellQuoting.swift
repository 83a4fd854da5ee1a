import Foundation

/// `text` quoted for a POSIX shell, only when it needs it: for commands a hint tells the user
/// to run (`--verify CMD`, `git config --global --add safe.directory PATH`).
public func shellQuoted(_ text: String) -> String {
    let plain = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_./=:@%+,"))
    if !text.isEmpty, text.unicodeScalars.allSatisfy(plain.contains) { return text }
    return "'" + text.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
}
