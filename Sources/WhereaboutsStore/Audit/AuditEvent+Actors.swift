extension AuditEvent {
    /// The actor of an entry about someone who named no existing account (a refused sign-in with an
    /// unknown user name). Not a valid user name, so it never stands for an account; the text typed
    /// is never recorded, since it is sometimes a password typed into the wrong field.
    public static let unknownActor = "(unknown)"
}
