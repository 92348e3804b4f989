/**
 * `alvh calibrate --chains DIR`: the model's SPX smile against the user's own end-of-day
 * chains (issue 8). For every trading day of [from, to] the directory covers, the chain's
 * implied vols (forward from put-call parity, IV of the out-of-the-money mid: pricing/chainIv)
 * are compared with the model's at equal ln(K/F), pooled over the days, by tenor and |delta|
 * bucket, with the 1DTE wings (the next expiry, 1-3 calendar days) on their own rows.
 * `--fit` fits the smile shape to the pooled quotes and writes a calibration file of the
 * committed shape (src/pricing/calibration.json) that `--calibration FILE` accepts.
 */
import { InputError } from '../core/errors.js';
import { printJson, writeFileAtomic } from './io.js';
import { date } from './options.js';
import type { IsoDate } from '../core/time.js';
import { preferredRoot, rootFamily, type ChainRow } from '../market/chainQuotes.js';
import { ChainDirectory } from '../adapters/chains/directory.js';
import type { ChainQuote } from '../pricing/chainIv.js';
import type { ModelCalibration } from '../pricing/calibration.js';
import { prepareModel } from '../pricing/modelSeries.js';
import { DELTA_BUCKETS, evaluateSpxChain, fitSmileShape, spxBuckets, type BucketRow, type CalibrationData, type SpxChainEval } from '../pricing/modelFit.js';

export interface ChainsCalibrationReport {
  dir: string;
  days: IsoDate[];
  /** Days of the range the directory has no SPX quotes for. */
  missingDays: number;
  quotes: number;
  buckets: BucketRow[];
  /** The next expiry (1-3 calendar days): the 1DTE condor's strikes. */
  oneDte: BucketRow[];
}

/** One quote per (expiry, strike, type) of the SPX family: SPXW where SPX lists it too. */
export function spxChainQuotes(rows: readonly ChainRow[]): ChainQuote[] {
  const m = new Map<string, ChainRow>();
  for (const r of rows) {
    if (rootFamily(r.root) !== 'SPX') continue;
    const key = `${r.expiration}|${r.strike}|${r.type}`;
    const prev = m.get(key);
    if (prev === undefined || preferredRoot(prev.root, r.root) !== prev.root) m.set(key, r);
  }
  return [...m.values()].map((r) => ({ expiration: r.expiration, strike: r.strike, type: r.type, bid: r.bid, ask: r.ask }));
}

function rmse(xs: readonly number[]): number {
  return xs.length === 0 ? Number.NaN : Math.sqrt(xs.reduce((s, x) => s + x * x, 0) / xs.length);
}

function oneDteRows(points: SpxChainEval['points']): BucketRow[] {
  const rows: BucketRow[] = [];
  for (const b of DELTA_BUCKETS) {
    const errs = points.filter((p) => p.days <= 3 && p.absDelta >= b.lo && p.absDelta < b.hi).map((p) => (p.modelIv - p.iv) * 100);
    rows.push({ delta: b.name, tenor: '1DTE', count: errs.length, rmseVolPts: rmse(errs), biasVolPts: errs.length === 0 ? Number.NaN : errs.reduce((s, x) => s + x, 0) / errs.length });
  }
  return rows;
}

/** The model's IV errors on the chains of `dir` over [from, to] (trading days of the data). */
export function evaluateOnChains(data: CalibrationData, calib: ModelCalibration, dir: string, from: IsoDate | undefined, to: IsoDate | undefined): { report: ChainsCalibrationReport; points: SpxChainEval['points'] } {
  const src = new ChainDirectory(dir);
  const prep = prepareModel(data, calib);
  const points: SpxChainEval['points'] = [];
  const days: IsoDate[] = [];
  let missing = 0;
  let quotes = 0;
  // Default range: what the file names cover (days or months).
  const cover = src.coverage();
  const first = from ?? cover[0] ?? '';
  const last = to ?? cover[cover.length - 1] ?? '';
  for (const date of data.daily.dates as readonly IsoDate[]) {
    if (date.slice(0, first.length) < first || date.slice(0, last.length) > last) continue;
    const day = src.day(date);
    const q = day === null ? [] : spxChainQuotes(day.rows());
    if (q.length === 0) {
      missing++;
      continue;
    }
    const e = evaluateSpxChain(data, prep, calib, { label: date, candidateDates: [date], quotes: q });
    if (e.points.length === 0) {
      missing++;
      continue;
    }
    days.push(date);
    quotes += e.points.length;
    for (const p of e.points) points.push(p);
  }
  if (days.length === 0) throw new InputError('--chains', `no SPX quotes usable for the model comparison under ${dir}${from === undefined ? '' : ` from ${from}`}${to === undefined ? '' : ` to ${to}`}`);
  return { report: { dir, days, missingDays: missing, quotes, buckets: spxBuckets(points), oneDte: oneDteRows(points) }, points };
}

/** Fits the smile shape to the pooled quotes of the user's chains; the rest of `base` is kept. */
export function fitSmileOnChains(base: ModelCalibration, points: SpxChainEval['points'], report: ChainsCalibrationReport): ModelCalibration {
  const fit = fitSmileShape(points, base.smile);
  return {
    ...base,
    smile: fit.smile,
    fit: {
      ...base.fit,
      smile: `shape fitted on the chains under ${report.dir} (${report.days.length} days ${report.days[0] ?? ''}..${report.days[report.days.length - 1] ?? ''}, ${fit.count} OTM quotes), shape RMSE ${fit.rmseVolPts.toFixed(3)} vol pts`,
    },
  };
}

export function formatChainsReport(r: ChainsCalibrationReport, title: string): string {
  const f = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : '-');
  const pad = (s: string, n: number): string => s.padEnd(n);
  const lpad = (s: string, n: number): string => s.padStart(n);
  const out = [`${title}: SPX smile vs your chains in ${r.dir} (model IV - chain IV, vol points; ${r.days.length} days ${r.days[0] ?? ''}..${r.days[r.days.length - 1] ?? ''}, ${r.quotes} OTM quotes; ${r.missingDays} trading days without SPX quotes)`];
  out.push(`  ${pad('tenor', 7)} ${pad('|delta|', 11)} ${lpad('n', 7)} ${lpad('rmse', 6)} ${lpad('bias', 6)}`);
  for (const b of [...r.oneDte, ...r.buckets]) {
    if (b.count === 0) continue;
    out.push(`  ${pad(b.tenor, 7)} ${pad(b.delta, 11)} ${lpad(String(b.count), 7)} ${lpad(f(b.rmseVolPts), 6)} ${lpad(f(b.biasVolPts), 6)}`);
  }
  return out.join('\n');
}

/** The `--chains` section of `alvh calibrate`: the report, and with --fit the fitted file and the report after. */
export function calibrateOnChains(data: CalibrationData, calib: ModelCalibration, opts: { chains: string; from?: string; to?: string; fit?: boolean; out?: string; json?: boolean }): void {
  const from = opts.from === undefined ? undefined : date('--from', opts.from);
  const to = opts.to === undefined ? undefined : date('--to', opts.to);
  if (from !== undefined && to !== undefined && to < from) throw new InputError('--to', `must not be before --from (${from}), got ${to}`);
  if (opts.fit === true && opts.out === undefined) throw new InputError('--out', 'with --chains --fit, name the calibration file to write (the committed one is fitted on the embedded data)');
  const before = evaluateOnChains(data, calib, opts.chains, from, to);
  let fitted: { calibration: ModelCalibration; after: ChainsCalibrationReport; written: string } | null = null;
  if (opts.fit === true && opts.out !== undefined) {
    const next = fitSmileOnChains(calib, before.points, before.report);
    writeFileAtomic(opts.out, `${JSON.stringify(next, null, 2)}\n`);
    fitted = { calibration: next, after: evaluateOnChains(data, next, opts.chains, from, to).report, written: opts.out };
  }
  if (opts.json === true) {
    printJson({ calibration: fitted?.calibration ?? calib, chains: before.report, ...(fitted === null ? {} : { fitted: fitted.after, written: fitted.written }) });
    return;
  }
  process.stdout.write(`${formatChainsReport(before.report, 'Model')}\n`);
  if (fitted !== null) {
    process.stdout.write(`\n${formatChainsReport(fitted.after, 'Fitted smile')}\ncalibration written to ${fitted.written} (use it with --calibration ${fitted.written})\n`);
  }
}
