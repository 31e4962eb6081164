import SQLKit

/// Work a caller adds to a store write's transaction (a use-case's audit entry): it runs after the
/// write, on the same connection, and if it throws the whole write rolls back (decision 0018).
public typealias AlsoInTransaction = @Sendable (any SQLDatabase) async throws -> Void
