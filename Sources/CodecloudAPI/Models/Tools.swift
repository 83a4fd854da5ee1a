import Foundation

/// An external HTTP tool the agent may call during a run (runs, follow-ups and schedules).
public struct ToolDefinition: Codable, Sendable, Hashable {
    /// Identifier: letters, digits, `_` or `-`, at most 64 characters.
    public var name: String
    /// What the tool does, for the agent.
    public var description: String
    /// The tool's parameters as a JSON Schema object.
    public var parameters: ToolParameters
    /// Where and how the service calls the tool.
    public var endpoint: ToolEndpoint

    /// The most tools one request may carry.
    public static let maximumCount = 50
    /// HTTP methods a tool endpoint may use.
    public static let allowedMethods: Set<String> = ["GET", "POST", "PUT", "PATCH", "DELETE"]

    /// Checks the rules the service enforces, so a mistake is caught before anything is sent.
    public func validate() throws(ToolValidationError) {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
        guard !name.isEmpty, name.count <= 64, name.allSatisfy(allowed.contains) else {
            throw ToolValidationError("tool name '\(name)' must be 1-64 letters, digits, '_' or '-'")
        }
        guard !description.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ToolValidationError("tool '\(name)' needs a description")
        }
        guard Self.allowedMethods.contains(endpoint.method) else {
            throw ToolValidationError("tool '\(name)': method '\(endpoint.method)' is not one of GET, POST, PUT, PATCH, DELETE")
        }
        guard let url = URL(string: endpoint.url), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
              url.host?.isEmpty == false
        else {
            throw ToolValidationError("tool '\(name)': endpoint URL '\(endpoint.url)' is not an http(s) URL")
        }
        guard case .object = parameters.properties else {
            throw ToolValidationError("tool '\(name)': parameters.properties must be a JSON object")
        }
    }

    /// Validates a whole list, including the count limit.
    public static func validate(_ tools: [ToolDefinition]) throws(ToolValidationError) {
        guard tools.count <= maximumCount else {
            throw ToolValidationError("at most \(maximumCount) tools per request (got \(tools.count))")
        }
        for tool in tools { try tool.validate() }
    }
}

/// A tool's parameters in JSON Schema form.
public struct ToolParameters: Codable, Sendable, Hashable {
    /// Usually `"object"`; optional on the wire.
    public var type: String? = "object"
    /// Parameter definitions keyed by name.
    public var properties: JSONValue
    /// Names of required parameters.
    public var required: [String]?
}

/// The HTTP endpoint the service calls for a tool.
public struct ToolEndpoint: Codable, Sendable, Hashable {
    /// Absolute http(s) URL.
    public var url: String
    /// GET, POST, PUT, PATCH or DELETE.
    public var method: String
    /// Extra headers the service sends (e.g. the tool's own Authorization).
    public var headers: [String: String]?
}

/// A tool definition the service would reject; found before sending.
public struct ToolValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One line naming the problem.
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
