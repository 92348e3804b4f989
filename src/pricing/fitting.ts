/** Small, dependency-free fitting tools: ordinary least squares and Nelder-Mead. */
import { InvariantError } from '../core/errors.js';

/** OLS by the normal equations (Gaussian elimination with partial pivoting). */
export function ols(rows: readonly (readonly number[])[], y: readonly number[], weights?: readonly number[]): number[] {
  const n = rows[0]?.length ?? 0;
  if (n === 0 || rows.length < n) throw new InvariantError(`ols: need at least ${n} rows, got ${rows.length}`);
  const a: number[][] = Array.from({ length: n }, () => new Array<number>(n + 1).fill(0));
  for (let r = 0; r < rows.length; r++) {
    const x = rows[r] ?? [];
    const w = weights?.[r] ?? 1;
    const yr = y[r] ?? 0;
    for (let i = 0; i < n; i++) {
      const ai = a[i] ?? [];
      const xi = (x[i] ?? 0) * w;
      for (let j = 0; j < n; j++) ai[j] = (ai[j] ?? 0) + xi * (x[j] ?? 0);
      ai[n] = (ai[n] ?? 0) + xi * yr;
    }
  }
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]?.[c] ?? 0) > Math.abs(a[piv]?.[c] ?? 0)) piv = r;
    const tmp = a[c] ?? [];
    a[c] = a[piv] ?? [];
    a[piv] = tmp;
    const ac = a[c] ?? [];
    const d = ac[c] ?? 0;
    if (Math.abs(d) < 1e-300) throw new InvariantError('ols: singular design matrix');
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const ar = a[r] ?? [];
      const f = (ar[c] ?? 0) / d;
      if (f === 0) continue;
      for (let j = c; j <= n; j++) ar[j] = (ar[j] ?? 0) - f * (ac[j] ?? 0);
    }
  }
  return a.map((row, i) => (row[n] ?? 0) / (row[i] ?? 1));
}

/** Nelder-Mead minimisation (deterministic, fixed iteration budget). */
export function nelderMead(f: (x: readonly number[]) => number, x0: readonly number[], step: readonly number[], maxIter = 2000, tol = 1e-10): { x: number[]; value: number } {
  const n = x0.length;
  let simplex: { x: number[]; v: number }[] = [{ x: [...x0], v: f(x0) }];
  for (let i = 0; i < n; i++) {
    const x = [...x0];
    x[i] = (x[i] ?? 0) + (step[i] ?? 0.1);
    simplex.push({ x, v: f(x) });
  }
  for (let it = 0; it < maxIter; it++) {
    simplex.sort((p, q) => p.v - q.v);
    const best = simplex[0];
    const worst = simplex[n];
    const second = simplex[n - 1];
    if (!best || !worst || !second) break;
    if (Math.abs(worst.v - best.v) <= tol * (Math.abs(best.v) + tol)) break;
    const c = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) c[j] = (c[j] ?? 0) + (simplex[i]?.x[j] ?? 0) / n;
    const at = (t: number): number[] => c.map((cj, j) => cj + t * ((worst.x[j] ?? 0) - cj));
    const xr = at(-1);
    const vr = f(xr);
    if (vr < best.v) {
      const xe = at(-2);
      const ve = f(xe);
      simplex[n] = ve < vr ? { x: xe, v: ve } : { x: xr, v: vr };
    } else if (vr < second.v) {
      simplex[n] = { x: xr, v: vr };
    } else {
      const xc = vr < worst.v ? at(-0.5) : at(0.5);
      const vc = f(xc);
      if (vc < Math.min(vr, worst.v)) simplex[n] = { x: xc, v: vc };
      else {
        simplex = simplex.map((p, i) => {
          if (i === 0) return p;
          const x = p.x.map((xj, j) => (best.x[j] ?? 0) + 0.5 * (xj - (best.x[j] ?? 0)));
          return { x, v: f(x) };
        });
      }
    }
  }
  simplex.sort((p, q) => p.v - q.v);
  const b = simplex[0];
  return { x: b ? b.x : [...x0], value: b ? b.v : f(x0) };
}
