import Hummingbird
import Prometheus
import WhereaboutsCore
import WhereaboutsStore

/// Liveness, readiness and Prometheus metrics for operators.
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
        router.get("/metrics") { _, _ in
            if let counts = try? await store.counts(access: .operatorAccess) {
                for kind in RecordKind.allCases {
                    metrics.makeGauge(name: "whereabouts_records", labels: [("kind", kind.rawValue)])
                        .set(Double(counts[kind] ?? 0))
                }
            }
            var buffer: [UInt8] = []
            metrics.emit(into: &buffer)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: buffer)))
        }
    }
}
