import Foundation

/// A reproducible source of random numbers (xoshiro256**, seeded through SplitMix64), with the
/// distributions the latent-class sampler draws from. The same seed gives the same draws on every
/// platform, so an estimate can be reproduced from its recorded seed and settings.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// A generator whose whole state follows from `seed`.
    public init(seed: UInt64) {
        var mix = seed
        func splitMix() -> UInt64 {
            mix &+= 0x9E37_79B9_7F4A_7C15
            var z = mix
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix()
        s1 = splitMix()
        s2 = splitMix()
        s3 = splitMix()
    }

    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// Uniform on the open interval (0, 1): never exactly 0 or 1, so its logarithm is finite.
    @inline(__always)
    public mutating func uniform() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1.0p-53
    }

    /// Standard normal, by Marsaglia and Tsang's ziggurat (128 layers): nearly every draw is one
    /// 64-bit number, a multiplication and a comparison; only the layers' edges and the tail
    /// beyond r take logarithms or exponentials.
    public mutating func normal() -> Double {
        let ziggurat = Ziggurat.normal
        while true {
            let bits = next()
            let layer = Int(truncatingIfNeeded: bits & 127)
            // The top 53 bits as a signed value in (−1, 1); the layer came from the lowest 7.
            let signed = Double(Int64(bitPattern: bits) >> 11) * 0x1.0p-52
            let x = signed * ziggurat.edges[layer]
            if abs(signed) < ziggurat.innerShare[layer] { return x }
            if layer == 0 {
                // The tail beyond r, by Marsaglia's exponential rejection.
                var beyond: Double
                var height: Double
                repeat {
                    beyond = -Foundation.log(uniform()) / Ziggurat.r
                    height = -Foundation.log(uniform())
                } while 2 * height < beyond * beyond
                return signed < 0 ? -(Ziggurat.r + beyond) : Ziggurat.r + beyond
            }
            let low = ziggurat.heights[layer]
            let y = low + uniform() * (ziggurat.heights[layer + 1] - low)
            if y < Foundation.exp(-0.5 * x * x) { return x }
        }
    }

    /// Gamma with the given shape and scale 1 (Marsaglia and Tsang; shapes below 1 boosted by U^(1/shape)).
    public mutating func gamma(shape: Double) -> Double {
        if shape < 1 { return Foundation.exp(logGamma(shape: shape)) }
        return marsagliaTsang(shape)
    }

    /// The logarithm of a Gamma(shape, 1) draw, kept in logarithms so that very small shapes
    /// (whose draws underflow) stay usable.
    public mutating func logGamma(shape: Double) -> Double {
        precondition(shape > 0, "a gamma shape must be positive")
        if shape < 1 {
            return Foundation.log(marsagliaTsang(shape + 1)) + Foundation.log(uniform()) / shape
        }
        return Foundation.log(marsagliaTsang(shape))
    }

    private mutating func marsagliaTsang(_ shape: Double) -> Double {
        let d = shape - 1.0 / 3.0
        let c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double
            var v: Double
            repeat {
                x = normal()
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = uniform()
            let x2 = x * x
            if u < 1 - 0.0331 * x2 * x2 { return d * v }
            if Foundation.log(u) < 0.5 * x2 + d * (1 - v + Foundation.log(v)) { return d * v }
        }
    }

    /// Beta(a, b), exactly by inversion when either shape is 1, otherwise from two gamma draws.
    public mutating func beta(_ a: Double, _ b: Double) -> Double {
        if a == 1 && b == 1 { return uniform() }
        if a == 1 { return 1 - Foundation.pow(uniform(), 1 / b) }
        if b == 1 { return Foundation.pow(uniform(), 1 / a) }
        let x = gamma(shape: a)
        let y = gamma(shape: b)
        return x / (x + y)
    }

    /// Binomial(n, p): inversion when n·min(p, 1−p) is small, otherwise Hörmann's transformed
    /// rejection with squeeze (BTRS).
    public mutating func binomial(_ n: Int, _ p: Double) -> Int {
        if n <= 0 || p <= 0 { return 0 }
        if p >= 1 { return n }
        if p > 0.5 { return n - binomial(n, 1 - p) }
        let mean = Double(n) * p
        if mean < 10 { return binomialByInversion(n, p) }
        return binomialByRejection(n, p)
    }

    private mutating func binomialByInversion(_ n: Int, _ p: Double) -> Int {
        let q = 1 - p
        let ratio = p / q
        let step = Double(n + 1) * ratio
        var u = uniform()
        // P(X = 0) = qⁿ ≥ 1 − np: most draws with a small mean end here, without a logarithm.
        if u <= 1 - Double(n) * p { return 0 }
        var probability = Foundation.exp(Double(n) * Foundation.log1p(-p))
        var x = 0
        while u > probability {
            u -= probability
            x += 1
            if x > n { return n }
            probability *= step / Double(x) - ratio
            if probability <= 0 { return x }
        }
        return x
    }

    private mutating func binomialByRejection(_ n: Int, _ p: Double) -> Int {
        let q = 1 - p
        let nd = Double(n)
        let spread = (nd * p * q).squareRoot()
        let b = 1.15 + 2.53 * spread
        let a = -0.0873 + 0.0248 * b + 0.01 * p
        let c = nd * p + 0.5
        let acceptBelow = 0.92 - 4.2 / b
        let alpha = (2.83 + 5.1 / b) * spread
        // Needed only when a draw falls outside the squeeze, so worked out then.
        var logOdds = Double.nan
        var mode = 0.0
        var logMode = 0.0
        while true {
            let u = uniform() - 0.5
            let v = uniform()
            let us = 0.5 - abs(u)
            let k = Foundation.floor((2 * a / us + b) * u + c)
            if k < 0 || k > nd { continue }
            if us >= 0.07 && v <= acceptBelow { return Int(k) }
            if logOdds.isNaN {
                logOdds = Foundation.log(p / q)
                mode = Foundation.floor((nd + 1) * p)
                logMode = Self.logFactorial(mode) + Self.logFactorial(nd - mode)
            }
            let logV = Foundation.log(v * alpha / (a / (us * us) + b))
            if logV <= logMode - Self.logFactorial(k) - Self.logFactorial(nd - k) + (k - mode) * logOdds {
                return Int(k)
            }
        }
    }

    /// log(k!) for a whole number k ≥ 0: from a table below 16, otherwise by Stirling's series to
    /// the k⁻⁵ term (its error, under 1/(1680 k⁷), is at most 1.5·10⁻¹² in the rejection tests that
    /// use it); one logarithm instead of `lgamma`'s several.
    @inline(__always)
    static func logFactorial(_ k: Double) -> Double {
        if k < 16 { return smallLogFactorials[Int(k)] }
        let x = k + 1
        let inverse = 1 / x
        let inverseSquared = inverse * inverse
        let correction = inverse * (1.0 / 12 - inverseSquared * (1.0 / 360 - inverseSquared / 1260))
        return (x - 0.5) * Foundation.log(x) - x + halfLogTwoPi + correction
    }

    private static let halfLogTwoPi = 0.5 * Foundation.log(2 * Double.pi)
    private static let smallLogFactorials: [Double] = (0..<16).map { (k: Int) -> Double in
        let factorial: Double = (0..<k).reduce(1) { $0 * Double($1 + 1) }
        return Foundation.log(factorial)
    }

    /// Poisson(mean): multiplication for small means, Hörmann's transformed rejection (PTRS) otherwise.
    public mutating func poisson(_ mean: Double) -> Int {
        if mean <= 0 { return 0 }
        if mean < 10 {
            let limit = Foundation.exp(-mean)
            var product = uniform()
            var k = 0
            while product > limit {
                product *= uniform()
                k += 1
            }
            return k
        }
        let root = mean.squareRoot()
        let logMean = Foundation.log(mean)
        let b = 0.931 + 2.53 * root
        let a = -0.059 + 0.02483 * b
        let inverseAlpha = 1.1239 + 1.1328 / (b - 3.4)
        let acceptBelow = 0.9277 - 3.6224 / (b - 2)
        while true {
            let u = uniform() - 0.5
            let v = uniform()
            let us = 0.5 - abs(u)
            let k = Foundation.floor((2 * a / us + b) * u + mean + 0.43)
            if us >= 0.07 && v <= acceptBelow { return Int(k) }
            if k < 0 || (us < 0.013 && v > us) { continue }
            let left = Foundation.log(v) + Foundation.log(inverseAlpha) - Foundation.log(a / (us * us) + b)
            if left <= -mean + k * logMean - Self.logFactorial(k) { return Int(k) }
        }
    }

    /// The number of failures before `successes` successes, each trial failing with probability
    /// `failure` (a gamma–Poisson mixture).
    public mutating func negativeBinomial(successes: Int, failure: Double) -> Int {
        if failure <= 0 || successes <= 0 { return 0 }
        precondition(failure < 1, "a negative binomial needs a chance of success")
        let rate = gamma(shape: Double(successes)) * failure / (1 - failure)
        return poisson(rate)
    }

    /// Splits `n` over the cells in proportion to `weights` (not necessarily normalised), writing the
    /// counts into `counts`: one binomial draw per cell on what is left, visiting the cells in
    /// `order` (largest weights first makes the draws stop early, once nobody is left), or one
    /// categorical draw per person when there are only a few.
    public mutating func multinomial(
        _ n: Int, weights: UnsafeBufferPointer<Double>, order: UnsafeBufferPointer<Int>,
        into counts: UnsafeMutableBufferPointer<Int>
    ) {
        for index in counts.indices { counts[index] = 0 }
        var total = 0.0
        for weight in weights { total += weight }
        guard n > 0, total > 0, let last = order.last else { return }
        var left = n
        var position = 0
        while left > Self.fewPersons && position < order.count - 1 && total > 0 {
            let cell = order[position]
            let drawn = binomial(left, min(1, weights[cell] / total))
            counts[cell] = drawn
            left -= drawn
            total -= weights[cell]
            position += 1
        }
        if total <= 0 || position == order.count - 1 {
            counts[order[min(position, order.count - 1)]] += left
            return
        }
        for _ in 0..<left {
            var u = uniform() * total
            var chosen = last
            for index in position..<order.count {
                u -= weights[order[index]]
                if u <= 0 {
                    chosen = order[index]
                    break
                }
            }
            counts[chosen] += 1
        }
    }

    /// Below this many persons left, a multinomial is drawn person by person.
    static let fewPersons = 12
}

/// The layers of the normal ziggurat: 128 strips of equal area v under exp(−x²/2), the lowest
/// with the tail beyond r. Strip i reaches out to `edges[i]`, lies wholly under the curve out to
/// `edges[i + 1]` (`innerShare[i]` of its width), and spans the heights `heights[i]` to
/// `heights[i + 1]`.
struct Ziggurat: Sendable {
    static let r = 3.442_619_855_899
    static let area = 9.912_563_035_262_17e-3
    static let normal = Ziggurat()

    let edges: [Double]
    let innerShare: [Double]
    let heights: [Double]

    private init() {
        func density(_ x: Double) -> Double { Foundation.exp(-0.5 * x * x) }
        var edges = [Double](repeating: 0, count: 129)
        edges[0] = Self.area / density(Self.r)
        edges[1] = Self.r
        for i in 1..<127 {
            edges[i + 1] = (-2 * Foundation.log(Self.area / edges[i] + density(edges[i]))).squareRoot()
        }
        edges[128] = 0
        self.edges = edges
        innerShare = (0..<128).map { edges[$0 + 1] / edges[$0] }
        heights = (0...128).map { $0 == 0 ? 0 : density(edges[$0]) }
    }
}
