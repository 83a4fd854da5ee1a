/// The tool's version, shown by `--version` and sent in `User-Agent`.
///
/// One source: release builds (`make release`, `make install`, `make dist`) are stamped with
/// the nearest `v*` git tag (`git describe`, see packaging/version.sh), written to the
/// untracked VersionStamp.swift and switched on with `-DCODECLOUD_VERSION_STAMP`; a checkout
/// without tags, and every plain `swift build`, uses `base`.
public enum CodecloudVersion {
    /// The version of untagged builds; tag releases `v<base>`.
    public static let base = "0.1.0"

    /// Semantic version of this build.
    #if CODECLOUD_VERSION_STAMP
    public static let current = stampedVersion
    #else
    public static let current = base
    #endif

    /// `User-Agent` header value for requests to codecloud.
    public static var userAgent: String { "git-codecloud/\(current)" }
}
