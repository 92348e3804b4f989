/**
 * `alvh calibrate [--fit] [--out FILE] [--calibration FILE] [--json]`: the market model
 * against the real data. Default: evaluates the committed calibration; --fit re-fits
 * every parameter first and writes the result atomically.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { InputError } from '../../core/errors.js';
import type { IsoDate } from '../../core/time.js';
import { loadSpxAtmIvTerm, loadSpxCalls, loadSpxChain, loadVixChain, loadVxthCalls } from '../../adapters/csvMarketData.js';
import type { SpxChainRow } from '../../market/types.js';
import type { ModelCalibration } from '../../pricing/calibration.js';
import type { ChainQuote } from '../../pricing/chainIv.js';
import { evaluateCalibration, fitCalibration, type CalibrationData, type CalibrationReport } from '../../pricing/modelFit.js';
import { VIX_OPTION_MIN_MID } from '../../pricing/vixOptionVol.js';
import { printJson, writeFileAtomic } from '../io.js';
import { calibrateOnChains } from '../chainsCalibrate.js';
import { calibrationFromFlag } from '../calibrationFlag.js';
import { cndrRows, fitSkewElasticity, type CndrRow } from '../../backtest/cndrFit.js';
import { PREMIUM_HORIZONS_DAYS, variancePremium, type PremiumRow } from '../../backtest/variancePremium.js';
import { embeddedDataDir } from '../../adapters/csvMarketData.js';
import { loadEmbeddedData } from '../engineInputs.js';
import { readIndexHistory } from './replicate.js';

/** src/pricing/calibration.json of this checkout, when it exists (a source tree, not an installed package). */
function committedCalibrationPath(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'src', 'pricing', 'calibration.json');
}

/** One quote per (expiry, strike, type): the PM-settled SPXW row where both roots exist. */
function spxQuotes(rows: readonly SpxChainRow[]): ChainQuote[] {
  const m = new Map<string, SpxChainRow>();
  for (const r of rows) {
    const key = `${r.expiration}|${r.strike}|${r.type}`;
    const prev = m.get(key);
    if (!prev || (prev.root === 'SPX' && r.root === 'SPXW')) m.set(key, r);
  }
  return [...m.values()].map((r) => ({ expiration: r.expiration, strike: r.strike, type: r.type, bid: r.bid, ask: r.ask }));
}

export function loadCalibrationData(): CalibrationData {
  const market = loadEmbeddedData();
  return {
    daily: market.daily,
    events: market.events,
    atmSnapshots: loadSpxAtmIvTerm().map((r) => ({ date: r.snapshotDate, expiration: r.expiration, days: r.dte, atmIv: r.atmIvFrac })),
    vx: market.vx,
    spxChains: [
      { label: 'SPX chain 2026-01-30', candidateDates: ['2026-01-30' as IsoDate], quotes: spxQuotes(loadSpxChain()) },
      { label: 'SPX calls 2026-03-13', candidateDates: ['2026-03-13' as IsoDate, '2026-03-16' as IsoDate], quotes: spxQuotes(loadSpxCalls()) },
    ],
    vxth: loadVxthCalls()
      .filter((r) => r.callMid > 0)
      .map((r) => ({ date: r.date, callExpiration: r.callExpiration, callStrike: r.callStrike, callMid: r.callMid })),
    vixChain: {
      asOf: '2024-06-03' as IsoDate,
      bars: loadVixChain()
        .filter((b) => b.close > 0)
        .map((b) => ({ expiration: b.expiration, strike: b.strike, type: b.type, close: b.close })),
    },
  };
}

const f = (x: number, d = 2): string => (Number.isFinite(x) ? x.toFixed(d) : '-');
const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number): string => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

/** Cboe's real CNDR history as shipped with the data. */
function realCndr(): [IsoDate, number][] {
  return readIndexHistory(path.join(embeddedDataDir(), 'cndr_daily.csv'));
}

/** The skew elasticity fitted to the real CNDR (in-sample 1990-1997; see backtest/cndrFit.ts). */
function withCndrFit(calib: ModelCalibration): ModelCalibration {
  const fit = fitSkewElasticity(loadEmbeddedData(), calib, realCndr());
  return {
    ...calib,
    smile: { ...calib.smile, skewElasticity: fit.skewElasticity },
    fit: { ...calib.fit, skewElasticity: `grid 0..1 step 0.05, least (return gap² + tracking error²) of the CNDR replica against the real index 1990-1997 (loss ${fit.loss.toExponential(3)}); skewRef = SKEW on the shape's chain day` },
  };
}

function formatCndr(rows: readonly CndrRow[]): string[] {
  const out = ['Cboe CNDR (monthly 20-delta/5-delta SPX condor) replicated on the model vs the real index (skew elasticity fitted on 1990-1997; target corr >= 0.95, return within 0.5 pt)'];
  out.push(`  ${pad('sample', 10)} ${pad('months', 17)} ${lpad('n', 4)} ${lpad('corr', 6)} ${lpad('model %/yr', 11)} ${lpad('real %/yr', 10)} ${lpad('TE %/yr', 8)}`);
  for (const x of rows) {
    out.push(
      `  ${pad(x.sample, 10)} ${pad(`${x.from}..${x.to}`, 17)} ${lpad(String(x.months), 4)} ${lpad(f(x.monthlyCorrelation ?? Number.NaN, 3), 6)} ${lpad(f(x.annualReturnModel * 100), 11)} ${lpad(f(x.annualReturnReal * 100), 10)} ${lpad(f((x.trackingError ?? Number.NaN) * 100), 8)}`,
    );
  }
  return out;
}

/** The eras the variance premium is shown for (VIX1D is real from 2024-09-30). */
const PREMIUM_ERAS: readonly (readonly [IsoDate, IsoDate])[] = [
  ['1990-01-02' as IsoDate, '2026-12-31' as IsoDate],
  ['1990-01-02' as IsoDate, '2005-12-30' as IsoDate],
  ['2006-01-03' as IsoDate, '2019-12-31' as IsoDate],
  ['2020-01-02' as IsoDate, '2026-12-31' as IsoDate],
  ['2024-09-30' as IsoDate, '2026-12-31' as IsoDate],
];

function premiumRows(calib: ModelCalibration): PremiumRow[][] {
  const data = loadEmbeddedData();
  return PREMIUM_ERAS.map(([from, to]) => variancePremium(data, calib, from, to));
}

function formatPremium(eras: readonly (readonly PremiumRow[])[]): string[] {
  const out = ['Variance premium by horizon: realized SPX moves / the model\'s implied, (mean |r| / (0.798 sd))², ATM sd (VIX-family sd); < 1 = a premium for the seller'];
  out.push(`  ${pad('days', 23)} ${PREMIUM_HORIZONS_DAYS.map((h) => lpad(`${h}d`, 12)).join(' ')}`);
  for (const rows of eras) {
    const first = rows[0];
    if (!first) continue;
    const last = rows[rows.length - 1];
    out.push(`  ${pad(`${first.from}..${last?.to ?? ''}`, 23)} ${rows.map((x) => lpad(`${f(x.realizedOverImpliedAtm)} (${f(x.realizedOverImpliedVix)})`, 12)).join(' ')}`);
  }
  return out;
}

/** One figure of issue 9's "Aim" list, in-sample and held out. */
export interface AimRow {
  aim: string;
  target: string;
  inSample: string;
  heldOut: string;
  /** Whether the held-out figure (the in-sample one where nothing is held out) meets the target. */
  reached: boolean;
}

/** The Aim list's figures from the report and the CNDR rows (one table, text and JSON). */
export function aimRows(r: CalibrationReport, cndr: readonly CndrRow[]): AimRow[] {
  const rows: AimRow[] = [];
  for (const c of r.spx) {
    const all = c.buckets.find((b) => b.tenor === '1-60d' && b.delta === '0.05-0.50')?.rmseVolPts ?? Number.NaN;
    const shorts = c.buckets.filter((b) => b.tenor === '1-7d' && b.count > 0).map((b) => b.rmseVolPts);
    // No 1-7d quote (Math.max of none is -Infinity): no data, so not reached.
    const short = shorts.length > 0 ? Math.max(...shorts) : Number.NaN;
    rows.push({ aim: `SPX smile RMSE, ${c.label}: 1-60d |delta| 0.05-0.50 / worst 1-7d bucket`, target: '< 1 / < 1 vol pt', inSample: `${f(all)} / ${shorts.length > 0 ? f(short) : 'no data'}`, heldOut: '- (every chain is in the fit)', reached: all < 1 && short < 1 });
  }
  for (const days of ['Mon-Thu', 'weekend'] as const) {
    const x = r.vix1d.find((v) => v.year === 'all' && v.days === days);
    const ok = (v: number): boolean => v >= 0.9 && v <= 1.1;
    if (x) rows.push({ aim: `1-day ATM variance / VIX1D², ${days} (VIX1D real; held out: VIX1D hidden, mapping without the year)`, target: '0.9-1.1', inSample: f(x.ratioVix1dReal, 3), heldOut: f(x.ratioVix1dHiddenHeldOut, 3), reached: ok(x.ratioVix1dReal) && ok(x.ratioVix1dHiddenHeldOut) });
  }
  const ins = cndr.find((c) => c.sample === 'in-sample');
  const out = cndr.find((c) => c.sample === 'held-out');
  if (ins && out) {
    const corr = (c: CndrRow): number => c.monthlyCorrelation ?? Number.NaN;
    const gap = (c: CndrRow): number => (c.annualReturnModel - c.annualReturnReal) * 100;
    rows.push({ aim: 'CNDR replica monthly-return correlation (1990-1997 / 1998-2005)', target: '>= 0.95', inSample: f(corr(ins), 3), heldOut: f(corr(out), 3), reached: corr(out) >= 0.95 });
    rows.push({ aim: 'CNDR replica annual return - real, pts (1990-1997 / 1998-2005)', target: 'within 0.5', inSample: f(gap(ins)), heldOut: f(gap(out)), reached: Math.abs(gap(out)) <= 0.5 });
  }
  const v = r.vixOptionsByYear.find((y) => y.label === 'all');
  if (v) rows.push({ aim: 'VXTH call marks 2006-2011, mean |model/mark - 1| % (held out by year)', target: '< 10', inSample: f(v.inSampleMeanAbsErrPct, 1), heldOut: f(v.heldOutMeanAbsErrPct, 1), reached: v.heldOutMeanAbsErrPct < 10 });
  return rows;
}

function formatAims(rows: readonly AimRow[]): string[] {
  const out = ['Issue 9 aims: in-sample and held out'];
  out.push(`  ${pad('figure', 96)} ${pad('target', 16)} ${lpad('in-sample', 13)} ${lpad('held out', 13)}  reached`);
  for (const x of rows) out.push(`  ${pad(x.aim, 96)} ${pad(x.target, 16)} ${lpad(x.inSample, 13)} ${lpad(x.heldOut.startsWith('-') ? '-' : x.heldOut, 13)}  ${x.reached ? 'yes' : 'no'}`);
  return out;
}

export function formatReport(r: CalibrationReport, cndr: readonly CndrRow[] = [], premium: readonly (readonly PremiumRow[])[] = []): string {
  const out: string[] = [...formatAims(aimRows(r, cndr)), ''];
  if (cndr.length > 0) out.push(...formatCndr(cndr), '');
  if (premium.length > 0) out.push(...formatPremium(premium), '');
  out.push('VIX-family fill-ins (used where an index did not exist) vs the real index where it does');
  out.push(`  ${pad('fill-in', 24)} ${lpad('days', 6)} ${lpad('rmse pts', 9)} ${lpad('sd ln', 7)}`);
  for (const x of r.fillIns) out.push(`  ${pad(x.index, 24)} ${lpad(String(x.count), 6)} ${lpad(f(x.rmsePts), 9)} ${lpad(f(x.logSd, 3), 7)}`);
  out.push('');
  const sf = r.smileFit;
  out.push(`SPX smile: call wing κ ${f(sf.callWing, 3)} (1 = neutral, the call wing as steep as the SVI curve's); variance calendar: a weekend/holiday day ${f(sf.nonTradingDayWeight)} of a session, an FOMC/CPI session ${f(1 + sf.eventDayBoost)} sessions`);
  out.push('SPX smile vs real chains (model IV - chain IV, vol points; compared at equal ln(K/F))');
  for (const c of r.spx) {
    out.push(`  ${c.label} (market data of ${c.marketDate}, SPX ${f(c.spot)})`);
    out.push(`    ${pad('tenor', 7)} ${pad('|delta|', 11)} ${lpad('n', 5)} ${lpad('rmse', 6)} ${lpad('bias', 6)}`);
    for (const b of c.buckets) {
      if (b.count === 0) continue;
      out.push(`    ${pad(b.tenor, 7)} ${pad(b.delta, 11)} ${lpad(String(b.count), 5)} ${lpad(f(b.rmseVolPts), 6)} ${lpad(f(b.biasVolPts), 6)}`);
    }
  }
  out.push('');
  out.push('SPX short-dated ATM vol vs close snapshots 2026-05-14..2026-07-22 (model - snapshot, vol points; Yahoo IVs: noisy, own conventions)');
  out.push(`  ${pad('expiry', 32)} ${lpad('n', 4)} ${lpad('rmse', 6)} ${lpad('bias', 6)} ${lpad('rmse VIX-only', 14)} ${lpad('bias VIX-only', 14)}`);
  for (const x of r.shortAtm) {
    out.push(`  ${pad(x.set, 32)} ${lpad(String(x.count), 4)} ${lpad(f(x.rmseVolPts), 6)} ${lpad(f(x.biasVolPts), 6)} ${lpad(f(x.rmseVolPtsVixOnly), 14)} ${lpad(f(x.biasVolPtsVixOnly), 14)}`);
  }
  out.push('  (VIX-only: VIX1D and VIX9D replaced by their fill-ins, as before 2011)');
  out.push('');
  out.push('SPX 1-day ATM implied variance / real VIX1D² (total variance to the next close × 365; target 0.9-1.1)');
  out.push(`  ${pad('year', 6)} ${pad('days', 8)} ${lpad('n', 4)} ${lpad('VIX1D real', 11)} ${lpad('VIX1D hidden', 13)} ${lpad('hidden, held out', 17)}`);
  for (const x of r.vix1d) {
    out.push(`  ${pad(x.year, 6)} ${pad(x.days, 8)} ${lpad(String(x.count), 4)} ${lpad(f(x.ratioVix1dReal, 3), 11)} ${lpad(f(x.ratioVix1dHidden, 3), 13)} ${lpad(f(x.ratioVix1dHiddenHeldOut, 3), 17)}`);
  }
  out.push('  (hidden: VIX1D from VIX9D, VIX and the VIX1D mapping, as before 2024; held out: the mapping fitted without that year)');
  out.push('');
  out.push('SPX ATM and model-free vol by expiry (chain vs model, %; ATM share = ATM variance / model-free variance)');
  out.push(`  ${pad('chain', 22)} ${lpad('days', 4)} ${lpad('ATM chain', 10)} ${lpad('model', 6)} ${lpad('MFV chain', 10)} ${lpad('model', 6)} ${lpad('ATM share chain', 16)} ${lpad('model', 6)}`);
  for (const a of r.spxAtm) {
    const share = (atm: number, mfv: number): number => (atm / mfv) ** 2;
    out.push(
      `  ${pad(a.label, 22)} ${lpad(String(a.days), 4)} ${lpad(f(a.chainAtmPct), 10)} ${lpad(f(a.modelAtmPct), 6)} ${lpad(f(a.chainMfvPct), 10)} ${lpad(f(a.modelMfvPct), 6)} ${lpad(f(share(a.chainAtmPct, a.chainMfvPct), 3), 16)} ${lpad(f(share(a.modelAtmPct, a.modelMfvPct), 3), 6)}`,
    );
  }
  out.push('  (model-free vol of the chain on its listed strikes, the model\'s its VIX-family target; the calls-only chain has none)');
  out.push('');
  out.push('VIX futures model vs real settles (points; model = sqrt(forward variance) with convexity)');
  out.push(`  ${pad('sample', 24)} ${pad('tenor', 5)} ${lpad('n', 6)} ${lpad('rmse', 6)} ${lpad('bias', 6)} ${lpad('rmse VIX-only', 14)}`);
  for (const x of r.futures) {
    out.push(`  ${pad(x.sample, 24)} ${pad(x.tenor, 5)} ${lpad(String(x.count), 6)} ${lpad(f(x.rmsePts), 6)} ${lpad(f(x.biasPts), 6)} ${lpad(f(x.rmsePtsVixOnly), 14)}`);
  }
  out.push('');
  out.push('VIX futures beyond the listed contracts: VX3/VX4/VX6 predicted from VX2 alone (points RMSE; anchored = VX2 fading into the model)');
  out.push(`  ${pad('sample', 24)} ${pad('tenor', 5)} ${lpad('n', 6)} ${lpad('anchored', 9)} ${lpad('model', 6)} ${lpad('flat VX2', 9)}`);
  for (const x of r.futuresAnchored) {
    out.push(`  ${pad(x.sample, 24)} ${pad(x.tenor, 5)} ${lpad(String(x.count), 6)} ${lpad(f(x.rmseAnchoredPts), 9)} ${lpad(f(x.rmseModelPts), 6)} ${lpad(f(x.rmseFlatPts), 9)}`);
  }
  out.push('');
  out.push('VIX options: model (Black-76 on the same-expiry future) vs real marks');
  out.push(`  ${pad('set', 38)} ${lpad('n', 5)} ${lpad('mean err%', 10)} ${lpad('mean |err|%', 12)} ${lpad('med |err|%', 11)} ${lpad('IV rmse', 8)} ${lpad('naive err%', 11)}`);
  for (const v of r.vixOptions) {
    out.push(
      `  ${pad(v.set, 38)} ${lpad(String(v.count), 5)} ${lpad(f(v.meanPriceErrPct, 1), 10)} ${lpad(f(v.meanAbsPriceErrPct, 1), 12)} ${lpad(f(v.medianAbsPriceErrPct, 1), 11)} ${lpad(f(v.ivRmseVolPts, 1), 8)} ${lpad(f(v.naiveMeanPriceErrPct, 1), 11)}`,
    );
  }
  out.push('  (day buckets: marks on a real same-expiry settle, 2007-04 on; naive = Black-76 with vol = VVIX on the front future;');
  out.push(`   model mids below ${VIX_OPTION_MIN_MID} (half the 0.05 tick) count as ${VIX_OPTION_MIN_MID}, as listed quotes do)`);
  out.push('');
  out.push('VXTH call marks by year: mean |model/mark - 1|, in-sample and held out (that year left out of the fit; target < 10%)');
  out.push(`  ${pad('year', 12)} ${lpad('n', 5)} ${lpad('in-sample', 10)} ${lpad('held-out', 9)} ${lpad('held-out bias', 14)} ${lpad('implied F', 10)}`);
  for (const y of r.vixOptionsByYear) {
    out.push(`  ${pad(y.label, 12)} ${lpad(String(y.count), 5)} ${lpad(f(y.inSampleMeanAbsErrPct, 1), 10)} ${lpad(f(y.heldOutMeanAbsErrPct, 1), 9)} ${lpad(f(y.heldOutMeanErrPct, 1), 14)} ${lpad(f(y.impliedForwardPct, 1), 10)}`);
  }
  out.push('  (implied F: median % by which the future at which the model reproduces the mark differs from the future priced on, the');
  out.push('   real settle from 2007-04, the model future before; marks of 8 days or more worth over 0.10)');
  return out.join('\n');
}

export function register(program: Command): void {
  program
    .command('calibrate')
    .description('Evaluate (or re-fit with --fit) the market model against the real data: SPX chains, VIX futures settles, VIX option marks.')
    .option('--fit', 're-fit every parameter and write the calibration file')
    .option('--out <file>', 'where --fit writes (default: src/pricing/calibration.json of this checkout)')
    .option('--calibration <file>', 'evaluate this calibration file instead of the committed one')
    .option('--json', 'print {calibration, report} as JSON only')
    .option('--chains <dir>', 'instead: the SPX smile against your own end-of-day chains in DIR (with --fit: fit the smile shape to them; --out required)')
    .option('--from <date>', 'with --chains: first day (default: the first the files cover)')
    .option('--to <date>', 'with --chains: last day (default: the last the files cover)')
    .addHelpText('after', '\nExamples:\n  $ alvh calibrate\n  $ alvh calibrate --fit --out /tmp/calibration.json --json\n  $ alvh calibrate --chains ./my-chains --from 2024-01-02 --to 2024-12-31\n  $ alvh calibrate --chains ./my-chains --fit --out my-calibration.json')
    .action((opts: { fit?: boolean; out?: string; calibration?: string; json?: boolean; chains?: string; from?: string; to?: string }) => {
      let calib: ModelCalibration = calibrationFromFlag(opts.calibration).calib;
      const data = loadCalibrationData();
      if (opts.chains !== undefined) {
        calibrateOnChains(data, calib, { ...opts, chains: opts.chains });
        return;
      }
      let written: string | undefined;
      if (opts.fit) {
        calib = withCndrFit(fitCalibration(data, calib));
        const target = opts.out ?? committedCalibrationPath();
        if (opts.out === undefined && !existsSync(path.dirname(target))) {
          throw new InputError('--out', 'no source checkout here: give the file to write');
        }
        writeFileAtomic(target, `${JSON.stringify(calib, null, 2)}\n`);
        written = target;
      }
      const report = evaluateCalibration(data, calib);
      const cndr = cndrRows(loadEmbeddedData(), calib, realCndr());
      const premium = premiumRows(calib);
      if (opts.json) {
        printJson({ calibration: calib, report: { ...report, cndr, variancePremium: premium, aims: aimRows(report, cndr) }, ...(written ? { written } : {}) });
        return;
      }
      process.stdout.write(`${formatReport(report, cndr, premium)}\n`);
      if (written) process.stdout.write(`calibration written to ${written} (run npm run build for dayModel to use it)\n`);
    });
}
