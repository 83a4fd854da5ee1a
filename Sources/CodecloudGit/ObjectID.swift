import Clibgit2

/// A commit (or other object) id as 40 lowercase hex digits.
public struct ObjectID: Hashable, Sendable, CustomStringConvertible, Codable {
    /// The full hex id.
    public let hex: String

    /// Wraps a full hex id as returned by git.
    public init(hex: String) { self.hex = hex.lowercased() }

    init(_ oid: git_oid) {
        var oid = oid
        // git_oid_tostr_s formats into a thread-local buffer: copied out at once.
        self.hex = String(cString: git_oid_tostr_s(&oid))
    }

    init?(_ pointer: UnsafePointer<git_oid>?) {
        guard let pointer else { return nil }
        self.init(pointer.pointee)
    }

    /// The first seven digits, as git abbreviates in messages.
    public var short: String { String(hex.prefix(7)) }

    public var description: String { hex }

    var oid: git_oid {
        get throws {
            var oid = git_oid()
            try check(git_oid_fromstr(&oid, hex), "parsing object id \(hex)")
            return oid
        }
    }

    public init(from decoder: any Decoder) throws { self.init(hex: try decoder.singleValueContainer().decode(String.self)) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}
