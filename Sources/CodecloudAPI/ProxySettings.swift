import Foundation

/// The proxy for a request, read from the environment the way libcurl (and so `git` and `curl`)
/// reads it: `http_proxy` for http URLs (lower case only, as curl: `HTTP_PROXY` can be set by a
/// CGI request header), `https_proxy` or `HTTPS_PROXY` for https, then `all_proxy` or
/// `ALL_PROXY`; `no_proxy` or `NO_PROXY` lists hosts that are reached directly (`*` for all, a
/// name also covers its subdomains, an IP address or CIDR range covers those addresses).
public struct ProxySettings: Sendable, Equatable {
    /// A proxy server.
    public struct Proxy: Sendable, Hashable {
        public enum Kind: Sendable, Hashable {
            /// An HTTP proxy (https goes through it with CONNECT).
            case http
            /// A SOCKS5 proxy.
            case socks5
        }

        public var kind: Kind
        public var host: String
        public var port: Int
        /// Basic credentials from the proxy URL's user part, percent-decoded.
        public var username: String?
        public var password: String?
    }

    /// Why a proxy variable cannot be used.
    public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        public var variable: String
        public var reason: String
        public var description: String { "\(variable) is not a usable proxy: \(reason)" }

        public init(variable: String, reason: String) {
            self.variable = variable
            self.reason = reason
        }
    }

    private let variables: [String: String]

    /// Settings from `variables` (the process's environment in production).
    public init(_ variables: [String: String]) {
        self.variables = variables
    }

    /// The proxy to reach `url` through; nil for a direct connection.
    public func proxy(for url: URL) throws(Invalid) -> Proxy? {
        guard let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased(), !host.isEmpty else { return nil }
        let names = scheme == "https" ? ["https_proxy", "HTTPS_PROXY"] : ["http_proxy"]
        guard let (name, value) = (names + ["all_proxy", "ALL_PROXY"]).lazy
            .compactMap({ name in self.value(name).map { (name, $0) } }).first else { return nil }
        if bypasses(host: host) { return nil }
        return try Self.parse(value, variable: name)
    }

    private func value(_ name: String) -> String? {
        variables[name].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0.trimmingCharacters(in: .whitespaces) }
    }

    /// Whether `no_proxy`/`NO_PROXY` sends `host` direct.
    func bypasses(host: String) -> Bool {
        guard let list = value("no_proxy") ?? value("NO_PROXY") else { return false }
        let host = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        for entry in list.split(separator: ",") {
            var pattern = entry.trimmingCharacters(in: .whitespaces).lowercased()
            if pattern == "*" { return true }
            if pattern.hasPrefix("[") { pattern = pattern.trimmingCharacters(in: CharacterSet(charactersIn: "[]")) }
            if pattern.hasPrefix(".") { pattern.removeFirst() }
            if pattern.isEmpty { continue }
            if let range = CIDRRange(pattern), let address = IPAddress(host) {
                if range.contains(address) { return true }
                continue
            }
            if host == pattern || host.hasSuffix("." + pattern) { return true }
        }
        return false
    }

    /// `[scheme://][user[:password]@]host[:port][/]`; no scheme means an HTTP proxy, as in curl.
    static func parse(_ value: String, variable: String) throws(Invalid) -> Proxy {
        let text = value.contains("://") ? value : "http://" + value
        guard let components = URLComponents(string: text), let host = components.host, !host.isEmpty else {
            throw Invalid(variable: variable, reason: "it does not name a host")
        }
        let kind: Proxy.Kind
        let defaultPort: Int
        switch components.scheme?.lowercased() {
        case "http": (kind, defaultPort) = (.http, 1080)
        case "socks5", "socks5h": (kind, defaultPort) = (.socks5, 1080)
        default:
            throw Invalid(variable: variable, reason: "only http:// and socks5:// proxies are supported")
        }
        let port = components.port ?? defaultPort
        guard (1...65535).contains(port) else { throw Invalid(variable: variable, reason: "the port is out of range") }
        return Proxy(
            kind: kind, host: host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")), port: port,
            username: components.percentEncodedUser?.removingPercentEncoding,
            password: components.percentEncodedPassword?.removingPercentEncoding)
    }
}

/// An IPv4 or IPv6 address as bytes.
struct IPAddress: Equatable {
    let bytes: [UInt8]

    init?(_ text: String) {
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            bytes = withUnsafeBytes(of: v4) { Array($0) }
        } else if inet_pton(AF_INET6, text, &v6) == 1 {
            bytes = withUnsafeBytes(of: v6) { Array($0) }
        } else {
            return nil
        }
    }
}

/// `address[/bits]` from a `no_proxy` entry.
struct CIDRRange {
    let network: IPAddress
    let bits: Int

    init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
        guard let network = IPAddress(parts[0]) else { return nil }
        let bits = parts.count == 2 ? Int(parts[1]) : network.bytes.count * 8
        guard let bits, (0...network.bytes.count * 8).contains(bits) else { return nil }
        self.network = network
        self.bits = bits
    }

    func contains(_ address: IPAddress) -> Bool {
        guard address.bytes.count == network.bytes.count else { return false }
        var remaining = bits
        for (mine, theirs) in zip(network.bytes, address.bytes) where remaining > 0 {
            let mask: UInt8 = remaining >= 8 ? 0xFF : ~(0xFF >> UInt8(remaining))
            if mine & mask != theirs & mask { return false }
            remaining -= 8
        }
        return true
    }
}
