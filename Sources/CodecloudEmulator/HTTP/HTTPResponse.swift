import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Builds the emulator's responses: JSON bodies with the right status and content type.
enum JSONResponse {
    /// A JSON response with an `Encodable` body.
    static func make(_ status: Int, _ body: some Encodable, headers: HTTPFields = [:]) -> Response {
        raw(status, WireCoding.encode(body), headers: headers)
    }

    /// The `{"error", "message"}` response for an error.
    static func error(_ error: ServiceError) -> Response {
        var headers = HTTPFields()
        if error.status == 401 { headers[.wwwAuthenticate] = "Bearer" }
        return make(error.status, error.body, headers: headers)
    }

    /// A response with bytes as given, labelled JSON.
    static func raw(_ status: Int, _ body: Data, headers: HTTPFields = [:]) -> Response {
        // A `patch` fault rewrites successful answers of the request it applies to.
        let body = (200..<300).contains(status) ? FaultContext.patch.map { FaultContext.apply($0, to: body) } ?? body : body
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// An empty response (204).
    static func empty(_ status: Int) -> Response {
        Response(status: .init(code: status))
    }
}
