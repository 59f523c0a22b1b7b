/**
 * The dense linear algebra a Gaussian process needs, on symmetric positive definite matrices:
 * Cholesky factorisation, triangular solves, the log-determinant and the inverse.
 *
 * Matrices are row-major Float64Arrays: a kernel matrix of a few hundred points is ~10^5 entries,
 * where nested number[][] would cost an allocation per row and defeat the JIT's bounds-check removal.
 * Everything here is O(n^3) (factorise, invert) or O(n^2) (solve).
 */

export interface SquareMatrix {
  readonly size: number;
  /** Row-major: entry (i, j) is data[i * size + j]. */
  readonly data: Float64Array;
}

export interface CholeskyFactor {
  /** L with A + jitter·I = L·Lᵀ; the upper triangle is zero. */
  readonly lower: SquareMatrix;
  /** What had to be added to the diagonal for the factorisation to succeed (0 when nothing). */
  readonly jitter: number;
}

export function squareMatrix(size: number, entry: (i: number, j: number) => number): SquareMatrix {
  const data = new Float64Array(size * size);
  for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) data[i * size + j] = entry(i, j);
  return { size, data };
}

/**
 * Jitter tried in turn, relative to the mean diagonal entry so the ladder means the same whatever
 * the matrix's units (a standardised GP kernel matrix has a diagonal near 1, so these are then
 * absolute). Kernel matrices of nearly coincident points are PSD but numerically singular; a
 * little jitter is the standard rescue (Rasmussen & Williams, appendix A.4), and stopping at 1e-4
 * keeps it from silently turning into a large, unmodelled noise term.
 */
const JITTER_LADDER = [0, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4] as const;

/** Cholesky–Banachiewicz into `lower`; false on a non-positive (or NaN) pivot. */
function factorInto(source: Float64Array, size: number, jitter: number, lower: Float64Array): boolean {
  lower.fill(0);
  for (let i = 0; i < size; i++) {
    const rowI = i * size;
    for (let j = 0; j <= i; j++) {
      const rowJ = j * size;
      let sum = source[rowI + j]!;
      for (let k = 0; k < j; k++) sum -= lower[rowI + k]! * lower[rowJ + k]!;
      if (i === j) {
        sum += jitter;
        // `!(sum > 0)` also rejects NaN, which would otherwise poison everything downstream.
        if (!(sum > 0)) return false;
        lower[rowI + i] = Math.sqrt(sum);
      } else {
        lower[rowI + j] = sum / lower[rowJ + j]!;
      }
    }
  }
  return true;
}

/**
 * Factorises a symmetric matrix (only the lower triangle is read), adding escalating jitter to the
 * diagonal until it succeeds. Returns null when even the largest jitter fails: the matrix is not
 * positive semi-definite or holds NaN, which callers treat as an infeasible hyperparameter setting.
 */
export function cholesky(matrix: SquareMatrix): CholeskyFactor | null {
  const { size, data } = matrix;
  let diagonalMean = 0;
  for (let i = 0; i < size; i++) diagonalMean += Math.abs(data[i * size + i]!);
  diagonalMean = size > 0 ? diagonalMean / size : 1;
  const scale = diagonalMean > 0 ? diagonalMean : 1;
  const lower = new Float64Array(size * size);
  for (const step of JITTER_LADDER) {
    const jitter = step * scale;
    if (factorInto(data, size, jitter, lower)) return { lower: { size, data: lower }, jitter };
  }
  return null;
}

/** Solves L·x = b by forward substitution. */
export function solveLower(lower: SquareMatrix, b: ArrayLike<number>): Float64Array {
  const { size, data } = lower;
  const x = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const row = i * size;
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= data[row + k]! * x[k]!;
    x[i] = sum / data[row + i]!;
  }
  return x;
}

/** Solves Lᵀ·x = b by back substitution, reading L (no transpose is formed). */
export function solveLowerTransposed(lower: SquareMatrix, b: ArrayLike<number>): Float64Array {
  const { size, data } = lower;
  const x = new Float64Array(size);
  for (let i = size - 1; i >= 0; i--) {
    let sum = b[i]!;
    for (let k = i + 1; k < size; k++) sum -= data[k * size + i]! * x[k]!;
    x[i] = sum / data[i * size + i]!;
  }
  return x;
}

/** Solves A·x = b given A = L·Lᵀ. */
export function choleskySolve(lower: SquareMatrix, b: ArrayLike<number>): Float64Array {
  return solveLowerTransposed(lower, solveLower(lower, b));
}

/** log det A = 2·Σ log L_ii; never forms det A, which under- or overflows for modest n. */
export function logDeterminant(lower: SquareMatrix): number {
  let sum = 0;
  for (let i = 0; i < lower.size; i++) sum += Math.log(lower.data[i * lower.size + i]!);
  return 2 * sum;
}

/** A⁻¹ = L⁻ᵀ·L⁻¹ from the factor (symmetric, both triangles filled). */
export function inverseFromCholesky(lower: SquareMatrix): SquareMatrix {
  const { size, data } = lower;
  // L⁻¹ is lower triangular; column j solves L·v = e_j, whose first j entries are zero.
  const inverseLower = new Float64Array(size * size);
  for (let j = 0; j < size; j++) {
    inverseLower[j * size + j] = 1 / data[j * size + j]!;
    for (let i = j + 1; i < size; i++) {
      let sum = 0;
      for (let k = j; k < i; k++) sum -= data[i * size + k]! * inverseLower[k * size + j]!;
      inverseLower[i * size + j] = sum / data[i * size + i]!;
    }
  }
  // (A⁻¹)_ij = Σ_k (L⁻¹)_ki (L⁻¹)_kj over k >= max(i, j).
  const inverse = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let k = i; k < size; k++) sum += inverseLower[k * size + i]! * inverseLower[k * size + j]!;
      inverse[i * size + j] = sum;
      inverse[j * size + i] = sum;
    }
  }
  return { size, data: inverse };
}
