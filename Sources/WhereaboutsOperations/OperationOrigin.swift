/// Where a use-case was asked for, for its audit entry: through which adapter, and from which address.
public struct OperationOrigin: Sendable, Hashable {
    /// `api`, `web` or `cli`.
    public let via: String
    /// The caller's address, when known.
    public let address: String

    public init(via: String, address: String = "") {
        self.via = via
        self.address = address
    }

    /// The operator at the machine, running a CLI command.
    public static let cli = OperationOrigin(via: "cli")
}
