import CodecloudAPI
import Foundation
import Testing

/// The proxy variables as libcurl reads them.
@Suite struct ProxySettingsTests {
    private func proxy(_ url: String, _ variables: [String: String]) throws -> ProxySettings.Proxy? {
        try ProxySettings(variables).proxy(for: URL(string: url)!)
    }

    @Test func schemePicksTheVariable() throws {
        let variables = ["http_proxy": "web:3128", "https_proxy": "http://secure:8443", "HTTP_PROXY": "ignored:1"]
        #expect(try proxy("http://api.example.com/x", variables)?.host == "web")
        #expect(try proxy("http://api.example.com/x", variables)?.port == 3128)
        #expect(try proxy("https://api.example.com/x", variables)?.host == "secure")
        // Upper-case HTTP_PROXY is not read (curl: a CGI request header can set it).
        #expect(try proxy("http://api.example.com/x", ["HTTP_PROXY": "ignored:1"]) == nil)
        #expect(try proxy("https://api.example.com/x", ["HTTPS_PROXY": "upper:1"])?.host == "upper")
        #expect(try proxy("https://api.example.com/x", ["ALL_PROXY": "socks5://sock:1081"])?.kind == .socks5)
        #expect(try proxy("https://api.example.com/x", [:]) == nil)
    }

    @Test func credentialsAndDefaultPort() throws {
        let found = try #require(try proxy("https://api.example.com", ["https_proxy": "http://me%40work:p%3Ass@proxy.corp"]))
        #expect(found.username == "me@work")
        #expect(found.password == "p:ss")
        #expect(found.port == 1080)
    }

    @Test(arguments: [
        ("api.example.com", "example.com", true), ("api.example.com", ".example.com", true), ("example.com", "example.com", true),
        ("badexample.com", "example.com", false), ("api.example.com", "*", true), ("10.1.2.3", "10.0.0.0/8", true),
        ("11.1.2.3", "10.0.0.0/8", false), ("127.0.0.1", "127.0.0.1", true), ("[::1]", "::1", true),
        ("api.example.com", "other.org, example.com", true), ("api.example.com", "", false),
    ])
    func noProxy(host: String, list: String, direct: Bool) throws {
        let found = try proxy("https://\(host)/x", ["https_proxy": "proxy:3128", "no_proxy": list])
        #expect((found == nil) == direct)
    }

    @Test func unusableProxyNamesTheVariableNotTheURL() {
        #expect(throws: ProxySettings.Invalid(variable: "https_proxy", reason: "only http:// and socks5:// proxies are supported")) {
            try proxy("https://api.example.com", ["https_proxy": "https://user:secret@proxy:443"])
        }
    }
}
