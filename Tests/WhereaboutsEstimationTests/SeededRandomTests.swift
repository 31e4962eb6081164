import Foundation
import Testing

@testable import WhereaboutsEstimation

/// The sampler's distributions, checked by their moments over many draws (tolerances of several
/// standard errors, fixed seeds).
@Suite("seeded random draws")
struct SeededRandomTests {
    func moments(_ count: Int, _ draw: () -> Double) -> (mean: Double, variance: Double) {
        var sum = 0.0
        var squares = 0.0
        for _ in 0..<count {
            let x = draw()
            sum += x
            squares += x * x
        }
        let mean = sum / Double(count)
        return (mean, squares / Double(count) - mean * mean)
    }

    @Test("the same seed gives the same draws, another seed others")
    func reproducible() {
        var a = SeededRandom(seed: 42)
        var b = SeededRandom(seed: 42)
        var c = SeededRandom(seed: 43)
        let first = (0..<8).map { _ in a.next() }
        #expect(first == (0..<8).map { _ in b.next() })
        #expect(first != (0..<8).map { _ in c.next() })
    }

    @Test(
        "binomial draws have mean np and variance np(1−p), by inversion and by rejection",
        arguments: [(5, 0.3), (40, 0.1), (1000, 0.02), (200, 0.5), (5000, 0.37), (3000, 0.9)])
    func binomial(_ n: Int, _ p: Double) {
        var random = SeededRandom(seed: UInt64(n))
        let (mean, variance) = moments(200_000) { Double(random.binomial(n, p)) }
        let expected = Double(n) * p
        let spread = expected * (1 - p)
        #expect(abs(mean - expected) < 5 * (spread / 200_000).squareRoot() + 1e-9)
        #expect(abs(variance - spread) < 0.03 * spread + 1e-9)
    }

    @Test("normal draws (ziggurat) have mean 0, variance 1, and the normal's share within 1 and beyond the tail's r")
    func normal() {
        var random = SeededRandom(seed: 3)
        var draws: [Double] = []
        let count = 1_000_000
        let (mean, variance) = moments(count) {
            let x = random.normal()
            draws.append(x)
            return x
        }
        #expect(abs(mean) < 5 / Double(count).squareRoot())
        #expect(abs(variance - 1) < 0.01)
        // P(|X| < 1) = 0.682689; P(X > r) for the ziggurat's r = 3.4426 is 2.880e−4 on each side.
        let within = Double(draws.filter { abs($0) < 1 }.count) / Double(count)
        #expect(abs(within - 0.682689) < 5 * (0.682689 * 0.317311 / Double(count)).squareRoot())
        let above = draws.filter { $0 > 3.4426 }.count
        let below = draws.filter { $0 < -3.4426 }.count
        for tail in [above, below] { #expect(abs(Double(tail) - 288) < 5 * 288.0.squareRoot()) }
        #expect(draws.contains { $0 > 4.2 } && draws.contains { $0 < -4.2 })
    }

    @Test("log k! by table and Stirling's series agrees with lgamma")
    func logFactorial() {
        for k in [0, 1, 2, 9, 15, 16, 17, 40, 1_000, 123_456] {
            let exact: Double = Foundation.lgamma(Double(k) + 1)
            #expect(abs(SeededRandom.logFactorial(Double(k)) - exact) <= 1e-12 * max(1, exact))
        }
    }

    @Test("Poisson draws have mean and variance equal to the rate", arguments: [0.5, 4.0, 12.0, 300.0, 7000.0])
    func poisson(_ rate: Double) {
        var random = SeededRandom(seed: UInt64(rate * 10))
        let (mean, variance) = moments(200_000) { Double(random.poisson(rate)) }
        #expect(abs(mean - rate) < 5 * (rate / 200_000).squareRoot())
        #expect(abs(variance - rate) < 0.03 * rate)
    }

    @Test("gamma and beta draws have their means and variances", arguments: [0.1, 0.25, 1.0, 3.5, 60.0])
    func gammaAndBeta(_ shape: Double) {
        var random = SeededRandom(seed: UInt64(shape * 100))
        let gamma = moments(200_000) { random.gamma(shape: shape) }
        #expect(abs(gamma.mean - shape) < 6 * (shape / 200_000).squareRoot())
        #expect(abs(gamma.variance - shape) < 0.06 * shape)
        let b = 2.0
        let beta = moments(200_000) { random.beta(shape, b) }
        let mean = shape / (shape + b)
        let variance = shape * b / ((shape + b) * (shape + b) * (shape + b + 1))
        #expect(abs(beta.mean - mean) < 6 * (variance / 200_000).squareRoot())
        #expect(abs(beta.variance - variance) < 0.05 * variance)
    }

    @Test("multinomial draws split every person, in proportion to the weights, in any order")
    func multinomial() {
        var random = SeededRandom(seed: 9)
        let weights = [0.5, 0.0, 2.0, 1.5, 1e-9]
        var totals = [Int](repeating: 0, count: weights.count)
        var counts = [Int](repeating: 0, count: weights.count)
        let order = [2, 3, 0, 4, 1]
        for _ in 0..<2000 {
            weights.withUnsafeBufferPointer { w in
                order.withUnsafeBufferPointer { o in
                    counts.withUnsafeMutableBufferPointer { random.multinomial(1000, weights: w, order: o, into: $0) }
                }
            }
            #expect(counts.reduce(0, +) == 1000)
            #expect(counts[1] == 0)
            for index in counts.indices { totals[index] += counts[index] }
        }
        #expect(abs(Double(totals[2]) / 2_000_000 - 0.5) < 0.002)
        #expect(abs(Double(totals[0]) / 2_000_000 - 0.125) < 0.002)
        // A few persons are placed one by one.
        var few = [Int](repeating: 0, count: weights.count)
        for _ in 0..<100_000 {
            weights.withUnsafeBufferPointer { w in
                order.withUnsafeBufferPointer { o in
                    counts.withUnsafeMutableBufferPointer { random.multinomial(3, weights: w, order: o, into: $0) }
                }
            }
            #expect(counts.reduce(0, +) == 3)
            for index in counts.indices { few[index] += counts[index] }
        }
        #expect(few[1] == 0)
        #expect(abs(Double(few[3]) / 300_000 - 0.375) < 0.004)
    }

    @Test("negative binomial draws count failures before the successes")
    func negativeBinomial() {
        var random = SeededRandom(seed: 3)
        let failure = 0.6
        let (mean, _) = moments(100_000) { Double(random.negativeBinomial(successes: 4400, failure: failure)) }
        #expect(abs(mean / (4400 * failure / (1 - failure)) - 1) < 0.002)
    }
}
