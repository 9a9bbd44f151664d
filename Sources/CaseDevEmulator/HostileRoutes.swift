import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The `/agent/v1` routes of `--hostile`: the same paths as `EmulatorRoutes`, answered with
/// `HostileData` instead of a simulation, so every pane of the dashboard meets hostile input.
/// Writes are answered with hostile error bodies, except creating a run, which succeeds with a
/// hostile id (so the success message is exercised too).
struct HostileRoutes: Sendable {
    let saneNumbers: Bool

    func register(on router: Router<BasicRequestContext>) {
        let v1 = router.group("agent/v1")
        let sane = saneNumbers
        v1.get("agents") { _, _ in Self.raw(HostileData.agents(saneNumbers: sane)) }
        v1.get("agents/:id") { _, _ in Self.raw(HostileData.obj([("id", HostileData.str(HostileData.agentIds[0])),
                                                                  ("name", HostileData.str(HostileData.all))])) }
        v1.post("agents") { _, _ in Self.error(0) }
        v1.patch("agents/:id") { _, _ in Self.error(1) }
        v1.delete("agents/:id") { _, _ in Self.error(2) }
        v1.get("run") { req, _ in
            Self.raw(HostileData.runs(saneNumbers: sane, cursor: req.uri.queryParameters["cursor"].map(String.init)))
        }
        v1.post("run") { _, _ in
            Self.raw(HostileData.obj([("id", HostileData.str("run_\u{1B}]0;CREATED\u{07}\u{9B}31m")),
                                      ("status", HostileData.str("queued")), ("agentId", "5")]))
        }
        v1.post("run/:id/exec") { _, _ in Self.error(1) }
        v1.get("run/:id/status") { _, ctx in
            Self.raw(HostileData.obj([("id", HostileData.str(ctx.parameters.get("id") ?? "")),
                                      ("status", HostileData.str(HostileData.escapes)), ("durationMs", HostileData.int64Min)]))
        }
        v1.get("run/:id/details") { _, ctx in
            let id = ctx.parameters.get("id").flatMap { $0.removingPercentEncoding } ?? ""
            guard let body = HostileData.details(for: id, saneNumbers: sane) else { return Self.error(0, status: 404) }
            return Self.raw(body)
        }
        v1.post("run/:id/cancel") { _, _ in Self.error(2) }
        v1.post("run/:id/watch") { _, _ in Self.error(3) }
        v1.get("run/:id/events") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
                     body: ResponseBody(byteBuffer: ByteBuffer(string: HostileData.events)))
        }
        v1.post("execute") { _, _ in Self.error(3) }
    }

    static func raw(_ text: String, status: HTTPResponse.Status = .ok, contentType: String = "application/json") -> Response {
        Response(status: status, headers: [.contentType: contentType], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func error(_ n: Int, status: Int? = nil) -> Response {
        let e = HostileData.error(n)
        return raw(e.body, status: HTTPResponse.Status(code: status ?? e.status), contentType: e.contentType)
    }
}
