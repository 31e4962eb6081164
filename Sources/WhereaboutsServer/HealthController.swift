import Hummingbird
import Prometheus
import WhereaboutsStore

/// Liveness, readiness and Prometheus metrics for operators; none of them says anything about the records.
struct HealthController {
    let store: SQLRecordStore
    let metrics: PrometheusCollectorRegistry

    func register(on router: Router<AppRequestContext>) {
        router.get("/healthz") { _, _ in try Response.json(["status": "ok"]) }
        router.get("/readyz") { _, _ in
            let ready = await store.ping()
            return try Response.json(
                ["status": ready ? "ready" : "unavailable", "database": store.database.dialect.rawValue],
                status: ready ? .ok : .serviceUnavailable)
        }
        // Open to any scraper, so it carries only how the server runs (requests, statuses, durations),
        // never what it holds: counts of records per kind across compartments say how much is being
        // documented, and grow as testimonies come in (decision 0014). Counts are for signed-in
        // readers, within their compartments (dashboard, `stats`).
        router.get("/metrics") { _, _ in
            var buffer: [UInt8] = []
            metrics.emit(into: &buffer)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: buffer)))
        }
    }
}
