/// A failure of the work a command was asked to do (not of how it was called): printed as
/// `Error: …` without the usage text, with exit status 1.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}
