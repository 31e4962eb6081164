import ArgumentParser
import Foundation
import Logging
import SQLKit
import Synchronization
import WhereaboutsCore
import WhereaboutsSecurity
import WhereaboutsStore

/// Servers of one installation on one fresh PostgreSQL database, with the accounts the load uses:
/// a documenter's API token for writes and reads, viewers who sign in with a password, analysts
/// who also give a second-factor (recovery) code, and accounts that only ever get wrong ones.
final class Cluster: Sendable {
    static let password = "a long load-test passphrase 42"
    static let logger = Logger(label: "bench.cluster")

    let folder: URL
    let serverURL: String
    let databaseName: String
    let databaseURL: String
    let kek: String
    let ports: [Int]
    let token: String
    let viewers: Int
    /// Each analyst's unused recovery codes, handed out one per good code sign-in.
    let recoveryCodes: Mutex<[[String]]>
    let processes: Mutex<[Process]>

    var logs: [URL] { ports.indices.map { folder.appendingPathComponent("node-\($0 + 1).log") } }

    private init(
        folder: URL, serverURL: String, databaseName: String, databaseURL: String, kek: String, ports: [Int],
        token: String, viewers: Int, recoveryCodes: [[String]]
    ) {
        self.folder = folder
        self.serverURL = serverURL
        self.databaseName = databaseName
        self.databaseURL = databaseURL
        self.kek = kek
        self.ports = ports
        self.token = token
        self.viewers = viewers
        self.recoveryCodes = Mutex(recoveryCodes)
        self.processes = Mutex([])
    }

    /// Makes the database and the accounts, then starts `servers` servers and waits until each is ready.
    static func make(servers: Int, serverURL: String, firstPort: Int, clients: Int) async throws -> Cluster {
        let name = "wh_cluster_" + UUID().uuidString.prefix(8).lowercased()
        let admin = try await PostgresHandle.open(url: serverURL, size: 1, logger: logger)
        try await admin.read { db in try await db.raw("CREATE DATABASE \(unsafeRaw: name)").run() }
        await admin.close()
        guard var components = URLComponents(string: serverURL) else { throw BenchError("not a URL: \(serverURL)") }
        components.path = "/" + name
        let url = components.string!
        let kek = KeyEncryptionKey.generate()

        let handle = try await PostgresHandle.open(url: url, size: 2, logger: logger)
        let store = try await SQLRecordStore.open(
            handle, clock: { Date() }, logger: logger, protection: .sealed(Keyring(kek: kek)))
        let accounts = AccountStore(store: store, clock: { Date() })
        let (writer, _) = try await accounts.createAccount(
            username: "writer", role: .documenter, compartments: ["general"])
        let token = try await accounts.createToken(
            userID: writer.id, name: "load", permissions: writer.permissions, lifetime: 86_400)
        func withPassword(_ username: String, _ role: Role) async throws -> Account {
            let (_, link) = try await accounts.createAccount(username: username, role: role, compartments: ["general"])
            return try await accounts.completeSetup(token: link, password: password)
        }
        for index in 0..<clients { _ = try await withPassword("viewer-\(index)", .viewer) }
        var codes: [[String]] = []
        for index in 0..<8 {
            for prefix in ["analyst", "guesser"] {
                let account = try await withPassword("\(prefix)-\(index)", .analyst)
                let secret = try await accounts.beginSecondFactor(userID: account.id)
                // A code of the step before, so the codes of this step are still unused.
                let code = TwoFactor(secret: secret).code(at: Date().addingTimeInterval(-30))
                guard let recovery = try await accounts.confirmSecondFactor(userID: account.id, code: code) else {
                    throw BenchError("the second factor of \(account.username) was not confirmed")
                }
                if prefix == "analyst" { codes.append(recovery) }
            }
        }
        await store.close()

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("whereabouts-cluster-\(name)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let cluster = Cluster(
            folder: folder, serverURL: serverURL, databaseName: name, databaseURL: url,
            kek: Data(kek.bytes).base64EncodedString(), ports: (0..<max(1, servers)).map { firstPort + $0 },
            token: token, viewers: clients, recoveryCodes: codes)
        do {
            try await cluster.startServers()
        } catch {
            await cluster.stop(keep: true)
            throw error
        }
        return cluster
    }

    /// The environment every `whereabouts` command of this installation runs with.
    var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["WHEREABOUTS_KEK"] = kek
        environment["WHEREABOUTS_DATABASE_URL"] = databaseURL
        return environment
    }

    func nodeFolder(_ index: Int) -> String { folder.appendingPathComponent("node-\(index + 1)").path }

    /// Each server's own key folder (its audit signing key), as on separate machines.
    func keyFolder(_ index: Int) -> String { folder.appendingPathComponent("keys-\(index + 1)").path }

    private func startServers() async throws {
        let binary = try Program.whereabouts()
        for (index, port) in ports.enumerated() {
            let process = Process()
            process.executableURL = binary.executable
            process.arguments = [
                "serve", "--data-dir", nodeFolder(index), "--key-dir", keyFolder(index), "--port", String(port),
                "--trusted-proxy", "127.0.0.1", "--log-level", "warning",
            ]
            process.environment = environment
            FileManager.default.createFile(atPath: logs[index].path, contents: nil)
            let log = try FileHandle(forWritingTo: logs[index])
            process.standardError = log
            process.standardOutput = log
            try process.run()
            processes.withLock { $0.append(process) }
        }
        for port in ports { try await Program.waitUntilReady(port: port) }
    }

    func stopServers() async {
        let running = processes.withLock { processes in
            defer { processes.removeAll() }
            return processes
        }
        for process in running where process.isRunning { process.interrupt() }
        for process in running { process.waitUntilExit() }
    }

    /// Stops the servers and, unless kept, removes the folder and the database.
    func stop(keep: Bool) async {
        await stopServers()
        guard !keep else { return }
        try? FileManager.default.removeItem(at: folder)
        if let admin = try? await PostgresHandle.open(url: serverURL, size: 1, logger: Self.logger) {
            try? await admin.read { db in
                try await db.raw("DROP DATABASE IF EXISTS \(unsafeRaw: databaseName) WITH (FORCE)").run()
            }
            await admin.close()
        }
    }

    /// The server the `index`-th job goes to: round robin, as a proxy would.
    func base(_ index: Int) -> String { "http://127.0.0.1:\(ports[index % ports.count])" }

    /// The proxy's header for the `index`-th job: clients come from many addresses, a few jobs each.
    func forwarded(_ index: Int) -> [String: String] {
        ["X-Forwarded-For": "10.\(index / 4 / 250 % 250).\(index / 4 % 250).\(index % 4 + 1)"]
    }

    /// A password sign-in: one in five with a wrong password (for an account that never signs in).
    func signInJob(_ index: Int, client: LoadClient) -> LoadRun.Job {
        let wrong = index % 5 == 4
        let username = wrong ? "nobody-\(index % 7)" : "viewer-\(index % viewers)"
        return LoadRun.Job(label: wrong ? "sign-in, wrong password" : "sign-in") { [self] in
            await self.signIn(
                index, username: username, password: wrong ? "not the password" : Self.password, client: client
            ).status
        }
    }

    private func signIn(_ index: Int, username: String, password: String, client: LoadClient) async
        -> LoadClient.Answer
    {
        let base = base(index)
        let page = await client.send("GET", base + "/sign-in", headers: forwarded(index))
        guard page.status == 200, let csrf = LoadClient.field("csrf", in: page.body) else { return page }
        return await client.send(
            "POST", base + "/sign-in", form: [("csrf", csrf), ("username", username), ("password", password)],
            cookies: page.cookies, headers: forwarded(index))
    }

    /// A sign-in with a second factor: the password, then a recovery code (or a wrong code, for an
    /// account that only ever gets wrong ones). The answer is the code step's.
    func codeJob(_ index: Int, client: LoadClient) -> LoadRun.Job {
        let wrong = index % 5 == 4
        return LoadRun.Job(label: wrong ? "second factor, wrong code" : "second factor") { [self] in
            let analyst = index % 8
            let code: String
            if wrong {
                code = "000000"
            } else {
                guard
                    let next = recoveryCodes.withLock({ codes in
                        codes[analyst].isEmpty ? nil : codes[analyst].removeLast()
                    })
                else { return -1 }
                code = next
            }
            let username = (wrong ? "guesser-" : "analyst-") + String(analyst)
            let signedIn = await signIn(index, username: username, password: Self.password, client: client)
            guard signedIn.status == 303, let session = signedIn.cookies["wh_session"] else { return signedIn.status }
            let base = base(index)
            let page = await client.send(
                "GET", base + "/sign-in/code", cookies: ["wh_session": session], headers: forwarded(index))
            guard page.status == 200, let csrf = LoadClient.field("csrf", in: page.body) else { return page.status }
            return await client.send(
                "POST", base + "/sign-in/code", form: [("csrf", csrf), ("code", code)],
                cookies: ["wh_session": session], headers: forwarded(index)
            ).status
        }
    }

    /// Creates an event named after `index` through the API; its id is kept when the server says 201.
    func writeJob(_ index: Int, client: LoadClient, created: CollectedIDs) -> LoadRun.Job {
        LoadRun.Job(label: "record created") { [self] in
            let answer = await client.send(
                "POST", base(index) + "/api/v1/events", json: #"{"title": "load \#(index)"}"#,
                headers: ["Authorization": "Bearer " + token])
            if answer.status == 201, let id = Self.id(in: answer.body) { created.append(id) }
            return answer.status
        }
    }

    /// Reads a page of events with the API token.
    func readJob(_ index: Int, client: LoadClient) -> LoadRun.Job {
        LoadRun.Job(label: "token read") { [self] in
            await client.send(
                "GET", base(index) + "/api/v1/events?limit=20", headers: ["Authorization": "Bearer " + token]
            ).status
        }
    }

    static func id(in body: String) -> String? {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])?["id"] as? String
    }

    /// Every record a client was told was created is stored, once; nothing else was made.
    func checkRecords(created: [String]) async throws -> [String] {
        let handle = try await PostgresHandle.open(url: databaseURL, size: 1, logger: Self.logger)
        defer { Task { await handle.close() } }
        let store = try await SQLRecordStore.open(
            handle, clock: { Date() }, logger: Self.logger, protection: .sealed(Keyring(kek: try .init(base64: kek))))
        var stored: [String: Int] = [:]
        var cursor: String?
        repeat {
            let page = try await store.list(.event, access: .operatorAccess, cursor: cursor, limit: 500)
            for record in page.items { stored[record.id.description, default: 0] += 1 }
            cursor = page.nextCursor
        } while cursor != nil
        await store.close()
        var failures: [String] = []
        let missing = created.filter { stored[$0] == nil }
        if !missing.isEmpty { failures.append("\(missing.count) records answered 201 but are not stored") }
        let duplicated = stored.filter { $0.value > 1 }
        if !duplicated.isEmpty { failures.append("\(duplicated.count) records are listed more than once") }
        if Set(created).count != created.count { failures.append("an id was given out twice") }
        if stored.count != Set(created).count {
            failures.append("\(stored.count) events are stored where \(Set(created).count) were created")
        }
        return failures
    }

    /// `whereabouts audit verify`, trusting the public keys of every server (as an auditor who was
    /// given each server's `audit trust export`), must say the log is intact.
    func checkAudit(_ whereabouts: Program) -> [String] {
        var trust = ""
        for index in ports.indices {
            let (status, printed) = run(whereabouts, ["audit", "trust", "export", "--key-dir", keyFolder(index)])
            guard status == 0 else { return ["audit trust export: \(printed.prefix(400))"] }
            trust += printed
        }
        let trustFile = folder.appendingPathComponent("trusted-keys")
        do {
            try Data(trust.utf8).write(to: trustFile)
        } catch {
            return ["the trust file was not written: \(error)"]
        }
        let (status, printed) = run(
            whereabouts, ["audit", "verify", "--key-dir", keyFolder(0), "--trusted-keys", trustFile.path])
        return status == 0 && printed.contains("intact")
            ? [] : ["audit verify: \(printed.trimmingCharacters(in: .whitespacesAndNewlines).prefix(600))"]
    }

    /// Runs a `whereabouts` command of this installation; its status and what it printed on standard
    /// output (standard error goes to `commands.log`).
    private func run(_ program: Program, _ arguments: [String]) -> (Int32, String) {
        let process = Process()
        process.executableURL = program.executable
        process.arguments = arguments + ["--data-dir", nodeFolder(0)]
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        let notes = folder.appendingPathComponent("commands.log")
        if !FileManager.default.fileExists(atPath: notes.path) {
            FileManager.default.createFile(atPath: notes.path, contents: nil)
        }
        process.standardError = try? FileHandle(forWritingTo: notes)
        do {
            try process.run()
        } catch {
            return (-1, "\(error)")
        }
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, printed)
    }
}
