extension Migration {
    /// The compartments a token was minted for (issue 22): a token reaches what its account reached
    /// when it was made, never a compartment the account gains later. Tokens made before this
    /// migration keep following their account (NULL), as they did.
    static let tokenCompartments = Migration(version: 17, name: "token-compartments") { _ in
        ["ALTER TABLE api_tokens ADD COLUMN compartments TEXT"]
    }
}
