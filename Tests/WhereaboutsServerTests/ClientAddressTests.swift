import Testing
import WhereaboutsStore

@testable import WhereaboutsServer

@Suite("client address and busy answers")
struct ClientAddressTests {
    let proxies = ClientAddress(trustedProxies: ["127.0.0.1", "10.9.9.9"])

    @Test("a client that sends X-Forwarded-For itself is throttled by its own address")
    func untrustedPeer() {
        #expect(proxies.resolve(peer: "203.0.113.7", forwardedFor: ["198.51.100.1"]) == "203.0.113.7")
        #expect(ClientAddress().resolve(peer: "127.0.0.1", forwardedFor: ["198.51.100.1"]) == "127.0.0.1")
    }

    @Test("behind trusted proxies, the nearest address that is not a proxy is the client")
    func trustedChain() {
        #expect(proxies.resolve(peer: "127.0.0.1", forwardedFor: ["198.51.100.1"]) == "198.51.100.1")
        // The client put a forged entry first; the proxies appended what they saw.
        #expect(
            proxies.resolve(peer: "127.0.0.1", forwardedFor: ["1.2.3.4, 198.51.100.1", "10.9.9.9"])
                == "198.51.100.1")
        #expect(proxies.resolve(peer: "127.0.0.1", forwardedFor: ["2001:db8::1"]) == "2001:db8::1")
    }

    @Test("a malformed or missing forwarded address falls back to the proxy's own")
    func malformed() {
        #expect(proxies.resolve(peer: "127.0.0.1", forwardedFor: []) == "127.0.0.1")
        #expect(proxies.resolve(peer: "127.0.0.1", forwardedFor: ["evil.example"]) == "127.0.0.1")
        #expect(proxies.resolve(peer: "127.0.0.1", forwardedFor: ["999.1.1.1"]) == "127.0.0.1")
        #expect(proxies.resolve(peer: "127.0.0.1", forwardedFor: ["1.2.3.4:80"]) == "127.0.0.1")
        #expect(proxies.resolve(peer: nil, forwardedFor: ["1.2.3.4"]) == "unknown")
    }

    @Test("a write that kept colliding with others is a 503 with Retry-After, never a 500")
    func busy() throws {
        let problem = Problem.from(StoreError.busy(retryAfter: 2))
        #expect(problem.statusCode == 503)
        #expect(problem.retryAfter == 2)
    }
}
