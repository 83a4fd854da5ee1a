import Clibgit2

/// The linked libgit2's version, e.g. "1.5.1".
public func libgit2Version() -> String {
    var major: Int32 = 0, minor: Int32 = 0, revision: Int32 = 0
    git_libgit2_version(&major, &minor, &revision)
    return "\(major).\(minor).\(revision)"
}
