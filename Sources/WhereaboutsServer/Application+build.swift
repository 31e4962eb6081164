import Foundation
import Hummingbird
import Logging
import Prometheus
import WhereaboutsCore
import WhereaboutsEvidence
import WhereaboutsOperations
import WhereaboutsStore

/// Where and how the server listens.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// The version reported by the API description.
    public var version: String
    /// Whether cookies are marked `Secure`: set it when browsers reach the server over HTTPS (through
    /// a TLS-terminating proxy). Plain HTTP on 127.0.0.1 needs it off, or browsers drop the cookies.
    public var secureCookies: Bool
    /// Addresses of the proxies in front of the server, whose `X-Forwarded-For` is believed.
    public var trustedProxies: Set<String>
    /// The largest evidence file the server takes in, in bytes.
    public var evidenceLimit: Int
    /// The RFC 3161 authority items taken in and the API's bundles are timestamped by (`--tsa-url`).
    public var timestamps: TimestampService?
    /// Draws PDF items' pages as images on their pages (poppler; nil: PDFs have no preview, decision 0038).
    public var pdfPreviewer: PDFPreviewer?

    public init(
        host: String = "127.0.0.1", port: Int = 8080, version: String = "0.1.0", secureCookies: Bool = false,
        trustedProxies: Set<String> = [], evidenceLimit: Int = defaultEvidenceLimit,
        timestamps: TimestampService? = nil,
        pdfPreviewer: PDFPreviewer? = nil
    ) {
        self.evidenceLimit = evidenceLimit
        self.timestamps = timestamps
        self.pdfPreviewer = pdfPreviewer
        self.host = host
        self.port = port
        self.version = version
        self.secureCookies = secureCookies
        self.trustedProxies = trustedProxies
    }
}

/// The largest evidence file a server takes in unless configured otherwise: 4 GiB.
public let defaultEvidenceLimit = 4 << 30

/// The one composition root: `serve`, the tests and the benchmarks all build the server here.
public func buildApplication(
    configuration: ServerConfiguration, store: SQLRecordStore, accounts: AccountStore, audit: AuditLog,
    readAuditor: ReadAuditor? = nil, metrics: PrometheusCollectorRegistry, logger: Logger
) -> some ApplicationProtocol {
    let (router, _) = buildRouter(
        store: store, accounts: accounts, audit: audit,
        readAuditor: readAuditor ?? ReadAuditor(audit: audit, logger: logger),
        metrics: metrics, version: configuration.version, secureCookies: configuration.secureCookies,
        addresses: ClientAddress(trustedProxies: configuration.trustedProxies),
        evidenceLimit: configuration.evidenceLimit, timestamps: configuration.timestamps,
        pdfPreviewer: configuration.pdfPreviewer)
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
        logger: logger)
}

/// Every route of the server, and the documented API operations among them.
public func buildRouter(
    store: SQLRecordStore, accounts: AccountStore, audit: AuditLog, readAuditor: ReadAuditor? = nil,
    metrics: PrometheusCollectorRegistry, version: String = "0.1.0", secureCookies: Bool = false,
    addresses: ClientAddress = ClientAddress(), evidenceLimit: Int = defaultEvidenceLimit,
    timestamps: TimestampService? = nil, pdfPreviewer: PDFPreviewer? = nil
) -> (Router<AppRequestContext>, [APIOperation]) {
    let router = Router(context: AppRequestContext.self)
    // First of all: every later check reads the path the router will match, and the client's address.
    router.add(middleware: CanonicalPathMiddleware())
    router.add(middleware: ClientAddressMiddleware(addresses: addresses))
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: AuthenticationMiddleware(accounts: accounts))
    router.add(
        middleware: ReadAuditMiddleware(
            auditor: readAuditor ?? ReadAuditor(audit: audit, logger: Logger(label: "whereabouts.audit"))))
    router.add(middleware: ProblemMiddleware())

    var routes = DocumentedRoutes(router: router)
    for kind in RecordKind.allCases {
        RecordController(store: store, audit: audit).register(kind: kind, on: &routes)
    }
    SearchController(store: store).register(on: &routes)
    ReferenceController(store: store).register(on: &routes)
    UNController(store: store).register(on: &routes)
    EvidenceController(
        operations: EvidenceOperations(store: store, audit: audit, maximumSize: evidenceLimit, timestamps: timestamps)
    )
    .register(on: &routes)
    EstimateController(operations: EstimateOperations(store: store, audit: audit, cache: EstimateCache()))
        .register(on: &routes)
    CyberController(
        operations: CyberOperations(
            store: store, audit: audit,
            evidence: EvidenceOperations(
                store: store, audit: audit, maximumSize: evidenceLimit, timestamps: timestamps))
    ).register(on: &routes)
    ReparationController(operations: ReparationOperations(store: store, audit: audit)).register(on: &routes)
    let operations = routes.operations
    let document = OpenAPIDocument.build(operations, version: version)

    router.get("/api/v1/openapi.json") { _, _ in try Response.json(document) }
    HealthController(store: store, metrics: metrics).register(on: router)
    WebController(
        store: store, accounts: accounts, audit: audit, secureCookies: secureCookies, evidenceLimit: evidenceLimit,
        timestamps: timestamps, pdfPreviewer: pdfPreviewer
    ).register(on: router)
    // Last, so that it sees only what no route took.
    router.add(middleware: MethodNotAllowedMiddleware(operations: operations))
    return (router, operations)
}
