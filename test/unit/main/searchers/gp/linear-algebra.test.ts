import { describe, expect, it } from 'vitest';
import {
  cholesky,
  choleskySolve,
  inverseFromCholesky,
  logDeterminant,
  type SquareMatrix,
  squareMatrix,
} from '../../../../../main/searchers/gp/linear-algebra';
import { createRng } from '../../../../../main/searchers/rng';

const at = (m: SquareMatrix, i: number, j: number) => m.data[i * m.size + j]!;

function randomSpd(size: number, seed: number): SquareMatrix {
  const rng = createRng(seed);
  const b = squareMatrix(size, () => rng.next() * 2 - 1);
  // B·Bᵀ is PSD; the diagonal shift makes it comfortably definite.
  return squareMatrix(size, (i, j) => {
    let sum = i === j ? 0.5 : 0;
    for (let k = 0; k < size; k++) sum += at(b, i, k) * at(b, j, k);
    return sum;
  });
}

function multiplyLowerByTranspose(lower: SquareMatrix): SquareMatrix {
  return squareMatrix(lower.size, (i, j) => {
    let sum = 0;
    for (let k = 0; k < lower.size; k++) sum += at(lower, i, k) * at(lower, j, k);
    return sum;
  });
}

function maxAbsDifference(a: SquareMatrix, b: SquareMatrix): number {
  let max = 0;
  for (let i = 0; i < a.data.length; i++) max = Math.max(max, Math.abs(a.data[i]! - b.data[i]!));
  return max;
}

/** log|det A| by Gaussian elimination with partial pivoting: an independent reference. */
function referenceLogDeterminant(matrix: SquareMatrix): number {
  const n = matrix.size;
  const a = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => at(matrix, i, j)));
  let sum = 0;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++) if (Math.abs(a[row]![col]!) > Math.abs(a[pivot]![col]!)) pivot = row;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    sum += Math.log(Math.abs(a[col]![col]!));
    for (let row = col + 1; row < n; row++) {
      const factor = a[row]![col]! / a[col]![col]!;
      for (let k = col; k < n; k++) a[row]![k] = a[row]![k]! - factor * a[col]![k]!;
    }
  }
  return sum;
}

describe('Cholesky factorisation', () => {
  it('reproduces A = L·Lᵀ on a random SPD matrix, with L lower triangular and no jitter', () => {
    const a = randomSpd(15, 1);
    const factor = cholesky(a)!;
    expect(factor.jitter).toBe(0);
    for (let i = 0; i < a.size; i++) for (let j = i + 1; j < a.size; j++) expect(at(factor.lower, i, j)).toBe(0);
    expect(maxAbsDifference(multiplyLowerByTranspose(factor.lower), a)).toBeLessThan(1e-12);
  });

  it('solves A·x = b, inverts A and gives its log-determinant', () => {
    const a = randomSpd(12, 2);
    const { lower } = cholesky(a)!;
    const b = Array.from({ length: 12 }, (_, i) => Math.sin(i + 1));
    const x = choleskySolve(lower, b);
    for (let i = 0; i < 12; i++) {
      let row = 0;
      for (let j = 0; j < 12; j++) row += at(a, i, j) * x[j]!;
      expect(row).toBeCloseTo(b[i]!, 10);
    }
    const inverse = inverseFromCholesky(lower);
    const identity = squareMatrix(12, (i, j) => {
      let sum = 0;
      for (let k = 0; k < 12; k++) sum += at(a, i, k) * at(inverse, k, j);
      return sum;
    });
    expect(maxAbsDifference(identity, squareMatrix(12, (i, j) => (i === j ? 1 : 0)))).toBeLessThan(1e-10);
    expect(logDeterminant(lower)).toBeCloseTo(referenceLogDeterminant(a), 10);
  });

  it('rescues a singular PSD matrix with a small jitter and reports how much it added', () => {
    // Rank one: v·vᵀ. Plain Cholesky hits a zero pivot on the second row.
    const v = [1, 2, 3, 4];
    const a = squareMatrix(4, (i, j) => v[i]! * v[j]!);
    const factor = cholesky(a)!;
    expect(factor).not.toBeNull();
    expect(factor.jitter).toBeGreaterThan(0);
    expect(factor.jitter).toBeLessThanOrEqual(1e-4 * 7.5); // at most the top of the ladder × mean diagonal
    const withJitter = squareMatrix(4, (i, j) => at(a, i, j) + (i === j ? factor.jitter : 0));
    expect(maxAbsDifference(multiplyLowerByTranspose(factor.lower), withJitter)).toBeLessThan(1e-12);
  });

  it('gives up (null) on an indefinite matrix rather than returning a wrong factor', () => {
    expect(cholesky(squareMatrix(2, (i, j) => (i === j ? 1 : 2)))).toBeNull();
    expect(cholesky(squareMatrix(2, () => NaN))).toBeNull();
  });
});
