/// The tool's version, shown by `--version` and sent in `User-Agent`.
public enum CodecloudVersion {
    /// Semantic version of this build.
    public static let current = "0.1.0"
    /// `User-Agent` header value for requests to codecloud.
    public static var userAgent: String { "git-codecloud/\(current)" }
}
