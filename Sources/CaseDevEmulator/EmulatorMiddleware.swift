import CaseDevAPI
import Foundation
import HTTPTypes
import Hummingbird

/// In front of every route: latency, auth, injected faults, rate-limit headers, counting, and
/// JSON error bodies for unknown routes.
struct EmulatorMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let control: EmulatorControl
    let apiKey: String?

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        let (headers, wait) = control.admit()
        var response: Response
        if let wait { response = EmulatorRoutes.errorResponse(.rateLimited(retryAfter: wait)) }
        else { response = try await respond(request, context: context, next: next) }
        for (name, value) in headers { response.headers[HTTPField.Name(name)!] = value }
        return response
    }

    private func respond(_ request: Request, context: Context,
                         next: (Request, Context) async throws -> Response) async throws -> Response {
        control.record("\(request.method.rawValue) \(Self.route(request.uri.path))")
        if control.latencyMs > 0 { try await Task.sleep(for: .milliseconds(control.latencyMs)) }
        guard authorized(request) else { return EmulatorRoutes.errorResponse(.unauthorized) }
        switch control.nextFault() {
        case .status(let code, let retryAfter)?:
            if code == 429 { return EmulatorRoutes.errorResponse(.rateLimited(retryAfter: retryAfter ?? 1)) }
            var f = APIFailure.internalError(code == 503 ? "Service unavailable (injected)" : "Internal server error (injected)")
            f.status = code
            if let retryAfter { f.headers["Retry-After"] = String(retryAfter) }
            return EmulatorRoutes.errorResponse(f)
        case nil: break
        }
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            return EmulatorRoutes.errorResponse(APIFailure(status: 404, type: "not_found_error", code: "route_not_found",
                                                           message: "No route \(request.method.rawValue) \(request.uri.path)"))
        } catch let error as HTTPError {
            return EmulatorRoutes.errorResponse(APIFailure(status: Int(error.status.code), type: "invalid_request_error",
                                                           code: "http_\(error.status.code)",
                                                           message: error.body ?? error.status.reasonPhrase))
        }
    }

    private func authorized(_ request: Request) -> Bool {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else { return false }
        let key = header.dropFirst("Bearer ".count).trimmingCharacters(in: .whitespaces)
        return key.hasPrefix("sk_case_") || (apiKey.map { !$0.isEmpty && key == $0 } ?? false)
    }

    /// `/agent/v1/run/run_x/exec` → `/agent/v1/run/:id/exec`, for counting by route.
    static func route(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).enumerated().map { i, part in
            i >= 4 && !part.isEmpty && !["exec", "status", "details", "cancel", "watch", "events"].contains(part) ? ":id" : String(part)
        }.joined(separator: "/")
    }
}
