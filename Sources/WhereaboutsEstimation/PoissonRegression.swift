import Foundation

/// A Poisson regression with a log link fitted by iteratively reweighted least squares, each step
/// solving the normal equations by Cholesky factorisation (the designs here are small and full
/// rank). Cells whose fitted count goes to zero (a sampling zero the model cannot reach, the
/// "separation" of log-linear models) are reported instead of being left to overflow.
struct PoissonRegression {
    /// Row-major design matrix, one row per cell, `columns` entries a row (the first is the intercept).
    let design: [Double]
    let columns: Int
    var rows: Int { design.count / columns }

    struct Fit {
        var coefficients: [Double]
        var fitted: [Double]
        var deviance: Double
        /// The Poisson log-likelihood, constants included.
        var logLikelihood: Double
        /// The variance of the first coefficient (the intercept) from the inverse information.
        var interceptVariance: Double
        var converged: Bool
        /// Some cell with nobody in it is fitted as (numerically) nobody: a coefficient is infinite.
        var atBoundary: Bool
    }

    static let maximumIterations = 100
    static let tolerance = 1e-10

    /// Fits `counts` (one per row); `start` (coefficients) speeds up a fit of a nearby problem.
    /// Nil when the normal equations are singular (the model cannot be identified from the table).
    func fit(_ counts: [Double], start: [Double]? = nil) -> Fit? {
        let n = rows
        let p = columns
        precondition(counts.count == n, "one count per row of the design")
        var eta = [Double](repeating: 0, count: n)
        var mu = [Double](repeating: 0, count: n)
        var beta = [Double](repeating: 0, count: p)
        if let start {
            beta = start
            linearPredictor(beta, into: &eta)
            for i in 0..<n { mu[i] = Foundation.exp(eta[i]) }
        } else {
            for i in 0..<n {
                mu[i] = counts[i] + 0.1
                eta[i] = Foundation.log(mu[i])
            }
        }
        // From the starting values the fit only ever improves; from the data themselves (close to
        // saturated) the first step is taken whatever its deviance.
        var deviance = start == nil ? Double.infinity : Self.deviance(counts, mu)
        var converged = false
        var working = [Double](repeating: 0, count: n)
        var matrix = [Double](repeating: 0, count: p * p)
        var vector = [Double](repeating: 0, count: p)
        for _ in 0..<Self.maximumIterations {
            for i in 0..<n { working[i] = eta[i] + (counts[i] - mu[i]) / mu[i] }
            normalEquations(weights: mu, working: working, matrix: &matrix, vector: &vector)
            guard var next = Self.solve(matrix, vector, size: p) else { return nil }
            var nextDeviance = Double.infinity
            for _ in 0..<30 {
                linearPredictor(next, into: &eta)
                for i in 0..<n { mu[i] = Foundation.exp(min(eta[i], 700)) }
                nextDeviance = Self.deviance(counts, mu)
                if nextDeviance.isFinite && nextDeviance <= deviance * (1 + 1e-12) + 1e-12 { break }
                for j in 0..<p { next[j] = (next[j] + beta[j]) / 2 }
            }
            guard nextDeviance.isFinite else { return nil }
            beta = next
            let change = abs(nextDeviance - deviance) / (abs(nextDeviance) + 0.1)
            deviance = nextDeviance
            if change < Self.tolerance {
                converged = true
                break
            }
        }
        normalEquations(weights: mu, working: working, matrix: &matrix, vector: &vector)
        var unit = [Double](repeating: 0, count: p)
        unit[0] = 1
        let interceptVariance = Self.solve(matrix, unit, size: p)?[0] ?? .infinity
        var logLikelihood = 0.0
        var atBoundary = false
        for i in 0..<n {
            if counts[i] > 0 { logLikelihood += counts[i] * Foundation.log(mu[i]) }
            logLikelihood -= mu[i] + Foundation.lgamma(counts[i] + 1)
            if counts[i] == 0 && mu[i] < 1e-6 { atBoundary = true }
        }
        return Fit(
            coefficients: beta, fitted: mu, deviance: deviance, logLikelihood: logLikelihood,
            interceptVariance: interceptVariance, converged: converged, atBoundary: atBoundary)
    }

    private func linearPredictor(_ beta: [Double], into eta: inout [Double]) {
        design.withUnsafeBufferPointer { x in
            for i in 0..<rows {
                var sum = 0.0
                let row = i * columns
                for j in 0..<columns { sum += x[row + j] * beta[j] }
                eta[i] = sum
            }
        }
    }

    private func normalEquations(
        weights: [Double], working: [Double], matrix: inout [Double], vector: inout [Double]
    ) {
        let p = columns
        for index in matrix.indices { matrix[index] = 0 }
        for index in vector.indices { vector[index] = 0 }
        design.withUnsafeBufferPointer { x in
            for i in 0..<rows {
                let w = weights[i]
                let row = i * p
                for a in 0..<p where x[row + a] != 0 {
                    let wa = w * x[row + a]
                    vector[a] += wa * working[i]
                    for b in 0...a { matrix[a * p + b] += wa * x[row + b] }
                }
            }
        }
        for a in 0..<p { for b in 0..<a { matrix[b * p + a] = matrix[a * p + b] } }
    }

    static func deviance(_ counts: [Double], _ mu: [Double]) -> Double {
        var total = 0.0
        for i in counts.indices {
            let y = counts[i]
            total += y > 0 ? 2 * (y * Foundation.log(y / mu[i]) - (y - mu[i])) : 2 * mu[i]
        }
        return total
    }

    /// Solves the symmetric positive definite system `matrix · x = vector` by Cholesky; nil when
    /// the matrix is (numerically) singular.
    static func solve(_ matrix: [Double], _ vector: [Double], size p: Int) -> [Double]? {
        var lower = [Double](repeating: 0, count: p * p)
        var largest = 0.0
        for a in 0..<p { largest = max(largest, matrix[a * p + a]) }
        guard largest > 0, largest.isFinite else { return nil }
        for a in 0..<p {
            for b in 0...a {
                var sum = matrix[a * p + b]
                for c in 0..<b { sum -= lower[a * p + c] * lower[b * p + c] }
                if a == b {
                    guard sum > largest * 1e-15 else { return nil }
                    lower[a * p + a] = sum.squareRoot()
                } else {
                    lower[a * p + b] = sum / lower[b * p + b]
                }
            }
        }
        var y = [Double](repeating: 0, count: p)
        for a in 0..<p {
            var sum = vector[a]
            for c in 0..<a { sum -= lower[a * p + c] * y[c] }
            y[a] = sum / lower[a * p + a]
        }
        var x = [Double](repeating: 0, count: p)
        for a in stride(from: p - 1, through: 0, by: -1) {
            var sum = y[a]
            for c in (a + 1)..<p { sum -= lower[c * p + a] * x[c] }
            x[a] = sum / lower[a * p + a]
        }
        return x
    }
}
