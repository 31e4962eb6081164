/// The `README.txt` of a court bundle: how a recipient without Whereabouts checks it, with common tools.
enum BundleReadme {
    static func text(bundle: String, signer: String, timestamped: Bool, itemTimestamps: Bool = false) -> String {
        var text = """
            Evidence bundle \(bundle)
            ==========================================

            Made by Whereabouts. This is a BagIt 1.0 bag (RFC 8493). Everything below can be checked offline,
            without Whereabouts, from the folder this ZIP unpacks to (run the commands inside it).

            What it holds
            -------------
            data/<record>/<item>/<name>       each evidence item's content, exactly as taken in
            manifest-sha256.txt, manifest-sha512.txt         the payload's hashes (BagIt)
            tagmanifest-sha256.txt, tagmanifest-sha512.txt   the hashes of every other file (BagIt)
            whereabouts/items.json            each item: stated name and type, capture metadata, the media type
                                              found in its bytes, size, SHA-256 and SHA-512 at intake, and the
                                              end of its chain of custody as the signed audit log recorded it
            whereabouts/custody/<item>.jsonl  the item's chain of custody, one entry a line, oldest first
            whereabouts/records/<record>.json the records the items are evidence for
            whereabouts/bundle-manifest.txt   SHA-512 of every file above (sha512sum format)
            whereabouts/bundle-manifest.sig   Ed25519 signature of bundle-manifest.txt
            whereabouts/signing-key.pem       the public key that signature verifies under (\(signer))

            1. The bag: every file complete and unaltered (full check, never --fast)
               pip install bagit
               bagit.py --validate .

            2. The signature over the bundle manifest, and the manifest over the files
               openssl pkeyutl -verify -pubin -inkey whereabouts/signing-key.pem -rawin \\
                   -in whereabouts/bundle-manifest.txt -sigfile whereabouts/bundle-manifest.sig
               sha512sum -c whereabouts/bundle-manifest.txt
               The first prints "Signature Verified Successfully". The key is the installation's audit signing
               key \(signer): its id is "node-" and the first 16 hex digits of the SHA-256 of the key's 32 raw
               bytes, which
                   openssl pkey -pubin -in whereabouts/signing-key.pem -outform DER | tail -c 32 | sha256sum
               shows. Compare it with the key the organisation gave you apart from this bundle
               (`whereabouts audit trust export` prints it): a key found only inside the bundle proves
               nothing about who made it.

            3. The chain of custody
               Each line of whereabouts/custody/<item>.jsonl is one event (intake, download, view, copy,
               derivation, timestamp, reencryption, export) with who, when, and the content's SHA-256 before and after (`from`, `to`,
               `note` opened; `stored` as the installation keeps them, sealed). Its `hash` is the SHA-256 of
               the fields previous, item, index, event, actor, at, stored.from, stored.to and stored.note, each
               written as "<length in UTF-8 bytes>:<value>;"; `previous` is the hash of the entry before (for
               the first, the SHA-256 of "whereabouts custody v1;<item>"). The last entry must be the one
               items.json gives as `custodyEnd`, and is this bundle's export.

            """
        if timestamped {
            text += """

                4. The trusted timestamp (RFC 3161) over the bundle manifest
                   openssl ts -verify -data whereabouts/bundle-manifest.txt \\
                       -in whereabouts/timestamp/bundle-manifest.tsr \\
                       -CAfile whereabouts/timestamp/tsa-certificates.pem
                   It prints "Verification: OK"; `openssl ts -reply -in whereabouts/timestamp/bundle-manifest.tsr
                   -text` shows the time. The certificates kept here are those the authority sent; check them
                   against the authority's own published certificate (or pass that file as -CAfile instead).
                   bundle-manifest.tsq is the request that was sent.

                """
        } else {
            text += "\nThis bundle was made without a timestamp authority: it carries no trusted timestamp.\n"
        }
        if itemTimestamps {
            text += """

                5. Each item's own trusted timestamp, taken at intake (when its item has one)
                   openssl ts -verify -data whereabouts/timestamp/items/<item>.txt \\
                       -in whereabouts/timestamp/items/<item>.tsr -CAfile whereabouts/timestamp/items/<item>.pem
                   <item>.txt states the item's id, SHA-256, SHA-512 and size with a random salt (so the
                   authority never learnt anything of the content); check that those are the item's in
                   items.json and manifest-sha512.txt. items.json names the authority and the time for each
                   item that has one.

                """
        }
        text += """

            With Whereabouts, `whereabouts evidence verify \(bundle).zip` runs all of these checks at once and
            names any file that does not match.

            """
        return text
    }
}
