/// An API error as the service sends it: an HTTP status and the `{"error", "message"}` body.
struct ServiceError: Error, Sendable, Equatable {
    var status: Int
    /// The short error type, e.g. "Validation Error".
    var type: String
    /// One line naming what is wrong.
    var message: String

    /// 400 for a field that breaks the schema; `field: message`, as the service words it.
    static func validation(_ field: String, _ message: String) -> ServiceError {
        ServiceError(status: 400, type: "Validation Error", message: field.isEmpty ? message : "\(field): \(message)")
    }

    /// 400 for a well-formed request the run's state does not allow.
    static func badRequest(_ message: String) -> ServiceError {
        ServiceError(status: 400, type: "Bad Request", message: message)
    }

    /// 401 for a missing or unknown key.
    static func unauthorized(_ message: String) -> ServiceError {
        ServiceError(status: 401, type: "Unauthorized", message: message)
    }

    /// 404 for an unknown id or path.
    static func notFound(_ message: String) -> ServiceError {
        ServiceError(status: 404, type: "Not Found", message: message)
    }

    /// 405 for a known path with the wrong method.
    static func methodNotAllowed(_ message: String) -> ServiceError {
        ServiceError(status: 405, type: "Method Not Allowed", message: message)
    }

    /// 500 when the emulator itself fails.
    static func internalError(_ message: String) -> ServiceError {
        ServiceError(status: 500, type: "Internal Server Error", message: message)
    }

    /// The error body.
    var body: JSONValue { .object(["error": .string(type), "message": .string(message)]) }
}
