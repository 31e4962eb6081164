import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus
import WhereaboutsEvidence
import WhereaboutsServer
import WhereaboutsStore

/// `whereabouts serve`: runs the server until interrupted.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the Whereabouts server.")

    @OptionGroup var store: StoreOptions

    @Option(help: "Address to listen on (default: $WHEREABOUTS_HOST or 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on (default: $WHEREABOUTS_PORT or 8080).")
    var port: Int?

    @Flag(
        help:
            "Mark cookies Secure: use when browsers reach the server over HTTPS through a proxy (default: $WHEREABOUTS_SECURE_COOKIES=1)."
    )
    var secureCookies = false

    @Option(
        name: .customLong("trusted-proxy"),
        help:
            "Address of a proxy in front of this server whose X-Forwarded-For is believed, for throttling and the audit (repeat; default: $WHEREABOUTS_TRUSTED_PROXIES, comma-separated; none)."
    )
    var trustedProxies: [String] = []

    @Option(
        help:
            "The largest evidence file taken in, in MiB (default: $WHEREABOUTS_EVIDENCE_LIMIT_MB or 4096).")
    var evidenceLimitMb: Int?

    @Option(
        help:
            "The RFC 3161 timestamp authority every evidence item taken in, and every bundle the API serves, is timestamped by (default: $WHEREABOUTS_TSA_URL; none: no timestamps)."
    )
    var tsaUrl: String?

    @Option(help: "Alert when one account reads more identity records than this within the window.")
    var bulkReadLimit = 2_000

    @Option(help: "The window for --bulk-read-limit, in minutes.")
    var bulkReadMinutes = 10

    @Option(help: "Sign a checkpoint of the audit log's newest entry this often, in seconds, when it has moved.")
    var checkpointSeconds = 60

    @Option(help: "Log level: trace, debug, info, notice, warning, error.")
    var logLevel: String = "info"

    @Option(help: "Log format: text, or json (one object per line).")
    var logFormat: String = "text"

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown log level \(logLevel)") }
        guard ["text", "json"].contains(logFormat) else { throw ValidationError("--log-format is text or json") }
        if let bad = trustedProxies.first(where: { !ClientAddress.isAddress($0) }) {
            throw ValidationError("--trusted-proxy takes an IP address, not '\(bad)'")
        }
        guard checkpointSeconds > 0 else { throw ValidationError("--checkpoint-seconds must be positive") }
        guard bulkReadLimit > 0, bulkReadMinutes > 0 else {
            throw ValidationError("--bulk-read-limit and --bulk-read-minutes must be positive")
        }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let level = Logger.Level(rawValue: logLevel) ?? .info
        let json = logFormat == "json"
        LoggingSystem.bootstrap { label in
            if json { return JSONLogHandler(label: label, level: level) }
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let logger = Logger(label: "whereabouts")
        let host = host ?? environment["WHEREABOUTS_HOST"] ?? "127.0.0.1"
        let portText = environment["WHEREABOUTS_PORT"] ?? "8080"
        guard let port = port ?? Int(portText), (1...65535).contains(port) else {
            throw ValidationError("the port must be a number from 1 to 65535")
        }
        let records = try await store.openStore(logger: logger)
        let accounts = AccountStore(store: records, clock: { Date() })
        let audit = try await store.auditLog(records)
        let readAuditor = ReadAuditor(
            audit: audit, limit: bulkReadLimit, window: TimeInterval(bulkReadMinutes * 60), logger: logger)
        logger.info("store ready", metadata: ["store": "\(store.description)"])
        // PDF items' pages are drawn by poppler when it is installed; without it they have no preview.
        let previewer = PDFPreviewer.find(in: ExternalTool.searchPath)
        if previewer == nil {
            logger.warning("PDF evidence has no preview: install poppler-utils (pdftoppm, pdfinfo)")
        }
        let app = buildApplication(
            configuration: ServerConfiguration(
                host: host, port: port,
                secureCookies: secureCookies || environment["WHEREABOUTS_SECURE_COOKIES"] == "1",
                trustedProxies: Set(
                    trustedProxies.isEmpty
                        ? (environment["WHEREABOUTS_TRUSTED_PROXIES"] ?? "").split(separator: ",").map {
                            $0.trimmingCharacters(in: .whitespaces)
                        }.filter { !$0.isEmpty } : trustedProxies),
                evidenceLimit: (evidenceLimitMb ?? environment["WHEREABOUTS_EVIDENCE_LIMIT_MB"].flatMap { Int($0) })
                    .map { $0 << 20 } ?? defaultEvidenceLimit,
                timestamps: try TimestampAuthority.configured(tsaUrl)?.service(),
                pdfPreviewer: previewer
            ),
            store: records, accounts: accounts, audit: audit, readAuditor: readAuditor,
            metrics: registry, logger: logger)
        var announcement =
            "Whereabouts is listening on http://\(host):\(port)/ (API description: /api/v1/openapi.json)\n"
        let setupToken: String?
        do {
            setupToken = try await FirstAdministrator.setupToken(accounts)
        } catch {
            await records.close()
            throw error
        }
        if let token = setupToken {
            try await audit.record(
                AuditEvent(
                    actor: "serve", action: .accountReset, target: FirstAdministrator.username,
                    details: ["first-run": "set-up link"]))
            // Printed to the terminal only, never logged: whoever opens it becomes the administrator.
            announcement +=
                """
                No administrator has signed in yet. Open this one-time link to choose the administrator's password
                and second factor (it works once, for 72 hours; every start without an administrator makes a new one):
                  http://\(host == "0.0.0.0" ? "127.0.0.1" : host):\(port)/setup/\(token)

                """
        }
        // Written straight away, not buffered: when the output goes to a file or a pipe the link must be there.
        FileHandle.standardOutput.write(Data(announcement.utf8))
        // Entries are covered by a signed checkpoint within `checkpointSeconds`, not only every 100 entries.
        let seconds = checkpointSeconds
        let checkpoints = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(seconds))
                do { try await audit.checkpoint() } catch {
                    logger.warning("audit checkpoint failed", metadata: ["error": "\(error)"])
                }
            }
        }
        defer { checkpoints.cancel() }
        do {
            try await app.runService()
        } catch {
            await readAuditor.flush()
            try? await audit.checkpoint()
            await records.close()
            throw error
        }
        await readAuditor.flush()
        try? await audit.checkpoint()
        await records.close()
    }
}
