#!/usr/bin/env node
// Builds the embedded, cleaned dataset in data/ from the raw files in ../shared/data.
//
//   npm run data:build                 (builds dist/ first, then runs this script)
//   node scripts/build-data.mjs --from DIR
//
// Every correction is counted and listed in data/CORRECTIONS.md. Output is deterministic:
// running the script twice gives byte-identical files. The trading calendar comes from
// dist/core/calendar.js so that the data and the runtime use the same rules.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { parse } from 'csv-parse/sync';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const calendarJs = path.join(repoRoot, 'dist', 'core', 'calendar.js');
if (!fs.existsSync(calendarJs)) {
  console.error('build-data: dist/core/calendar.js is missing; run `npm run build` first (npm run data:build does).');
  process.exit(2);
}
const cal = await import(calendarJs);

const argv = process.argv.slice(2);
const fromIdx = argv.indexOf('--from');
/** Default: ../shared/data next to the repository (for a git worktree: next to the main checkout). */
function defaultSource() {
  const direct = path.resolve(repoRoot, '..', 'shared', 'data');
  if (fs.existsSync(direct)) return direct;
  try {
    const common = execFileSync('git', ['rev-parse', '--path-format=absolute', '--git-common-dir'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    return path.resolve(path.dirname(common), '..', 'shared', 'data');
  } catch {
    return direct;
  }
}
const SRC = fromIdx >= 0 && argv[fromIdx + 1] ? path.resolve(argv[fromIdx + 1]) : defaultSource();
const OUT = path.join(repoRoot, 'data');
if (!fs.existsSync(path.join(SRC, 'spx_daily.csv'))) {
  console.error(`build-data: no raw data in ${SRC} (use --from DIR)`);
  process.exit(2);
}
fs.mkdirSync(OUT, { recursive: true });

const FIRST = '1990-01-02';

// ---------------------------------------------------------------- helpers

class BuildError extends Error {}
function assert(cond, msg) {
  if (!cond) throw new BuildError(msg);
}

/** Reads a raw CSV as objects (header row), with a 1-based source line number on each. */
function readCsv(file, opts = {}) {
  const text = fs.readFileSync(path.join(SRC, file), 'utf8');
  const rows = parse(text, { columns: opts.columns ?? true, skip_empty_lines: true, delimiter: opts.delimiter ?? ',', relax_column_count: true, info: true, bom: true });
  return rows.map((r) => ({ ...r.record, __line: r.info.lines }));
}

/** Shortest decimal form of x rounded to dp decimals ('' for NaN). Deterministic. */
function fmt(x, dp) {
  if (!Number.isFinite(x)) return '';
  const r = Number(x.toFixed(dp));
  return Object.is(r, -0) ? '0' : String(r);
}

function num(s) {
  if (s === undefined || s === null) return NaN;
  const t = String(s).trim();
  if (t === '' || t === '.' || t.toLowerCase() === 'nan' || t === 'NA') return NaN;
  const x = Number(t);
  return Number.isFinite(x) ? x : NaN;
}

const MDY = /^(\d{2})\/(\d{2})\/(\d{4})$/;
function isoFrom(s) {
  const t = String(s).trim();
  const m = MDY.exec(t);
  if (m) return `${m[3]}-${m[1]}-${m[2]}`;
  assert(/^\d{4}-\d{2}-\d{2}$/.test(t.slice(0, 10)), `bad date "${s}"`);
  return t.slice(0, 10);
}

function csvField(s) {
  const t = String(s);
  return /[",\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

const written = [];
/** Output tables, written once the common last day is known (see cutAtCommonLastDay). */
const pending = [];
function writeCsv(name, header, rows) {
  pending.push({ name, header, rows });
  written.push({ name, rows: rows.length, from: rows[0]?.[0] ?? '', to: rows[rows.length - 1]?.[0] ?? '' });
}
function flushCsv() {
  for (const { name, header, rows } of pending) {
    const lines = [header.join(',')];
    for (const r of rows) lines.push(r.map(csvField).join(','));
    const file = path.join(OUT, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, lines.join('\n') + '\n');
  }
}

// The embedded daily series end on one common last day: the last day on which every core
// series has a value. Core: what the daily signal and the backtest read for every day.
// Series that end earlier (breadth, VIX6M, the monthly dividend yield) are not core: they are
// left as they are and reported stale by the signal; rows after the common day are removed
// from every daily series, so that no file knows a later day than the others.
const CORE_SERIES = { 'spx_daily.csv': 'SPX', 'vix_daily.csv': 'VIX', 'vix9d_daily.csv': 'VIX9D', 'vix3m_daily.csv': 'VIX3M', 'vvix_daily.csv': 'VVIX', 'skew_daily.csv': 'SKEW', 'tbill_13w.csv': 'T-bill', 'vx_settles.csv': 'VX settles' };
const OTHER_DAILY = { 'vix6m_daily.csv': 'VIX6M', 'vix1d_daily.csv': 'VIX1D', 'nyse_breadth.csv': 'NYSE breadth', 'sp500_dividend_yield_monthly.csv': 'Dividend yield' };
const commonLastDay = { date: '', lines: [] };
function cutAtCommonLastDay() {
  const lastOf = (name) => {
    const p = pending.find((x) => x.name === name);
    assert(p && p.rows.length > 0, `common last day: ${name} was not built`);
    return p.rows[p.rows.length - 1][0];
  };
  const cut = Object.keys(CORE_SERIES).map(lastOf).reduce((a, b) => (a < b ? a : b));
  const lines = [];
  for (const [name, label] of [...Object.entries(CORE_SERIES), ...Object.entries(OTHER_DAILY)]) {
    const p = pending.find((x) => x.name === name);
    const w = written.find((x) => x.name === name);
    const last = lastOf(name);
    const keep = p.rows.filter((r) => r[0] <= cut);
    const dropped = p.rows.length - keep.length;
    const droppedDays = [...new Set(p.rows.slice(keep.length).map((r) => r[0]))];
    const span = droppedDays.length === 1 ? droppedDays[0] : `${droppedDays[0]} .. ${droppedDays.at(-1)}`;
    const rowsOf = dropped === droppedDays.length ? `${dropped}` : `${dropped} rows on ${droppedDays.length} days`;
    const what = dropped > 0 ? `${rowsOf} removed (${span})` : last < cut ? 'ends earlier: kept as is (a stale input)' : 'none';
    lines.push(`| ${label} | \`${name}\` | ${name in CORE_SERIES ? 'core' : 'other'} | ${last} | ${what} |`);
    p.rows = keep;
    w.rows = keep.length;
    w.to = keep.at(-1)?.[0] ?? '';
  }
  commonLastDay.date = cut;
  commonLastDay.lines = lines;
}

// Corrections log: section -> list of {what, count, examples}
const corrections = [];
function correct(section, what, items, note = '', count = items.length) {
  corrections.push({ section, what, count, examples: items.slice(0, 8), more: Math.max(0, items.length - 8), note });
}
const crossChecks = [];
function crossCheck(section, what, items, note = '') {
  crossChecks.push({ section, what, count: items.length, examples: items.slice(0, 12), more: Math.max(0, items.length - 12), note });
}

const spxLast = { date: '' };

/** Keeps rows on NYSE trading days (>= 1990), drops and logs the rest. */
function onTradingDays(section, rows, dateOf = (r) => r[0]) {
  const bad = [];
  const kept = rows.filter((r) => {
    const d = dateOf(r);
    if (d < FIRST) return true;
    if (Number(d.slice(0, 4)) > 2035) return true;
    if (cal.isTradingDay(d)) return true;
    bad.push(d);
    return false;
  });
  if (bad.length > 0) correct(section, 'rows dated on a non-trading day (weekend or NYSE holiday) removed', bad);
  return kept;
}

function sortUnique(section, rows) {
  rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out = [];
  const dups = [];
  for (const r of rows) {
    const prev = out[out.length - 1];
    if (prev && prev[0] === r[0]) {
      dups.push(r[0]);
      assert(JSON.stringify(prev) === JSON.stringify(r), `${section}: conflicting duplicate rows on ${r[0]}`);
      continue;
    }
    out.push(r);
  }
  if (dups.length > 0) correct(section, 'exact duplicate dates removed', dups);
  return out;
}

// ---------------------------------------------------------------- SPX

function buildSpx() {
  const raw = readCsv('spx_daily.csv');
  let noise = 0;
  let rows = [];
  for (const r of raw) {
    const d = isoFrom(r.date);
    if (d < FIRST) continue;
    const vals = [r.open, r.high, r.low, r.close].map(num);
    for (const [i, v] of vals.entries()) {
      assert(Number.isFinite(v) && v > 0, `spx_daily.csv:${r.__line}: bad ${['open', 'high', 'low', 'close'][i]}`);
      if (fmt(v, 2) !== String(v)) noise++;
    }
    rows.push([d, ...vals.map((v) => fmt(v, 2))]);
  }
  rows = sortUnique('SPX', onTradingDays('SPX', rows));
  for (const r of rows) {
    const [o, h, l, c] = r.slice(1).map(Number);
    assert(l <= Math.min(o, c) && h >= Math.max(o, c), `SPX OHLC violated on ${r[0]}`);
  }
  correct('SPX', 'float32 artefacts rounded to 2 decimals (e.g. 2237.39990234375 -> 2237.4); values affected', [`${noise} of ${rows.length * 4} values (rows before 1990 are not embedded)`], '', noise);
  // Calendar check: every trading day between the first and last SPX date is present.
  const set = new Set(rows.map((r) => r[0]));
  const missing = [];
  for (let d = FIRST; d <= rows[rows.length - 1][0]; d = cal.nextTradingDay(d)) if (!set.has(d)) missing.push(d);
  crossCheck('SPX', 'NYSE trading days (calendar) missing from the SPX file 1990..end', missing);
  assert(missing.length === 0, 'SPX file misses trading days: ' + missing.slice(0, 5).join(' '));
  writeCsv('spx_daily.csv', ['date', 'open', 'high', 'low', 'close'], rows);
  spxLast.date = rows[rows.length - 1][0];
  return rows;
}

// ---------------------------------------------------------------- vol indices

/** OHLC vol index: open/high/low left empty on rows where all four are equal (close-only history). */
function buildOhlcIndex(section, file, out, opts = {}) {
  const raw = readCsv(file);
  let blanked = 0;
  const violated = [];
  let lastBlank = '';
  let rows = [];
  for (const r of raw) {
    const d = isoFrom(r.DATE ?? r.date);
    if (d < (opts.from ?? FIRST)) continue;
    const [o, h, l, c] = [r.OPEN, r.HIGH, r.LOW, r.CLOSE].map(num);
    assert(Number.isFinite(c) && c > 0, `${file}:${r.__line}: bad close`);
    if (o === c && h === c && l === c && (opts.blankBefore === undefined || d < opts.blankBefore)) {
      blanked++;
      lastBlank = d;
      rows.push([d, '', '', '', fmt(c, 2)]);
    } else {
      assert([o, h, l].every((x) => Number.isFinite(x) && x > 0), `${file}:${r.__line}: bad OHL`);
      if (!(l <= Math.min(o, c) && h >= Math.max(o, c))) {
        // Inconsistent bar (e.g. the open outside [low, high] in Cboe's 1992-2003 history):
        // keep the close, leave open/high/low empty rather than guess which one is wrong.
        violated.push(`${d} o ${o} h ${h} l ${l} c ${c}`);
        rows.push([d, '', '', '', fmt(c, 2)]);
        continue;
      }
      rows.push([d, fmt(o, 2), fmt(h, 2), fmt(l, 2), fmt(c, 2)]);
    }
  }
  rows = sortUnique(section, onTradingDays(section, rows));
  if (blanked > 0) correct(section, `open/high/low left empty where they equal the close (close-only history${opts.blankBefore ? ` before ${opts.blankBefore}` : ''})`, [`${blanked} rows from ${rows[0][0]}; last one ${lastBlank}`], '', blanked);
  correct(section, 'rows with inconsistent OHLC (low > min(open, close) or high < max(open, close)): open/high/low left empty, close kept', violated);
  writeCsv(out, ['date', 'open', 'high', 'low', 'close'], rows);
  return rows;
}

function buildCloseIndex(section, file, out, col, opts = {}) {
  const raw = readCsv(file);
  let rows = [];
  const dropped = [];
  for (const r of raw) {
    const d = isoFrom(r.DATE ?? r.date);
    const c = num(r[col]);
    assert(Number.isFinite(c) && c > 0, `${file}:${r.__line}: bad ${col}`);
    if (opts.from && d < opts.from) {
      dropped.push(`${d} ${c}`);
      continue;
    }
    rows.push([d, fmt(c, 2)]);
  }
  if (dropped.length > 0) correct(section, opts.dropNote, dropped);
  rows = sortUnique(section, onTradingDays(section, rows));
  writeCsv(out, ['date', 'close'], rows);
  return rows;
}

function buildVix1d() {
  const raw = readCsv('vix1d_daily_2024_2026.csv');
  let rows = raw.map((r) => [isoFrom(r.date), fmt(num(r.open), 2), fmt(num(r.close), 2)]);
  for (const r of rows) assert(r[1] !== '' && r[2] !== '', `vix1d: bad row ${r[0]}`);
  correct('VIX1D', 'Yahoo float artefacts rounded to 2 decimals', [`${rows.length} rows`], '', rows.length);
  rows = sortUnique('VIX1D', onTradingDays('VIX1D', rows));
  writeCsv('vix1d_daily.csv', ['date', 'open', 'close'], rows);
  return rows;
}

// ---------------------------------------------------------------- rates

function buildRates() {
  const irx = new Map();
  for (const r of readCsv('irx_13w_tbill_daily.csv')) {
    const v = num(r.Close);
    if (Number.isFinite(v)) irx.set(isoFrom(r.Date), Number(v.toFixed(3)));
  }
  const dtb3 = new Map();
  for (const r of readCsv('dtb3_daily_2000_2026.csv')) {
    const v = num(r.DTB3);
    if (Number.isFinite(v)) dtb3.set(isoFrom(r.observation_date), v);
  }
  const dgs = new Map();
  for (const r of readCsv('dgs3mo_daily.csv')) {
    const v = num(r.DGS3MO);
    if (Number.isFinite(v)) dgs.set(isoFrom(r.Date), v);
  }
  const lastIrx = [...irx.keys()].sort().at(-1);
  const end = lastIrx > spxLast.date ? lastIrx : spxLast.date;
  const rows = [];
  const filledDtb3 = [];
  const filledDgs = [];
  const unfilled = [];
  for (let d = FIRST; d <= end; d = cal.nextTradingDay(d)) {
    if (irx.has(d)) rows.push([d, fmt(irx.get(d), 3), 'irx']);
    else if (dtb3.has(d)) {
      rows.push([d, fmt(dtb3.get(d), 3), 'dtb3']);
      filledDtb3.push(d);
    } else if (dgs.has(d)) {
      rows.push([d, fmt(dgs.get(d), 3), 'dgs3mo']);
      filledDgs.push(d);
    } else unfilled.push(d);
  }
  const offDays = [...irx.keys()].filter((d) => d >= FIRST && d <= '2035-12-31' && !cal.isTradingDay(d)).sort();
  if (offDays.length > 0) correct('T-bill', '^IRX rows on non-trading days ignored', offDays);
  correct('T-bill', '^IRX float32 artefacts rounded to 3 decimals', [`${irx.size} values`], '', irx.size);
  correct('T-bill', 'trading days without ^IRX filled from FRED DTB3 (same discount basis)', filledDtb3);
  correct('T-bill', 'trading days without ^IRX or DTB3 filled from FRED DGS3MO (constant-maturity, close to discount yield)', filledDgs);
  crossCheck('T-bill', 'trading days with no rate in any source (loader forward-fills)', unfilled);
  // Cross-check IRX vs DTB3 on common days.
  const diffs = [];
  let maxDiff = 0;
  for (const [d, v] of dtb3) {
    const w = irx.get(d);
    if (w === undefined) continue;
    const df = Math.abs(w - v);
    if (df > maxDiff) maxDiff = df;
    if (df > 0.25) diffs.push(`${d} irx ${w} dtb3 ${v}`);
  }
  crossCheck('T-bill', `^IRX vs DTB3 differ by more than 0.25 pct-pts (max abs diff ${fmt(maxDiff, 3)})`, diffs, 'kept ^IRX (the primary source); listed for review');
  writeCsv('tbill_13w.csv', ['date', 'discount_pct', 'source'], rows);
  return rows;
}

// ---------------------------------------------------------------- dividends

function buildDividends() {
  const rows = [];
  const hub = new Map();
  for (const r of readCsv('sp500_monthly_shiller_datahub.csv')) {
    const d = isoFrom(r.Date);
    const div = num(r.Dividend);
    const px = num(r.SP500);
    if (d >= '1989-01-01' && div > 0 && px > 0) hub.set(d.slice(0, 7), { div, px });
  }
  const ie = new Map();
  for (const r of readCsv('sp500_monthly_shiller_ie_data_2025.csv', { delimiter: ';' })) {
    const m = /^(\d{4})\.(\d{1,2})$/.exec(String(r.Date).trim());
    if (!m) continue;
    // Shiller's YYYY.MM is a decimal number: "2025.1" is October, "2025.01" January.
    const mm = m[2].length === 1 ? Number(m[2]) * 10 : Number(m[2]);
    const key = `${m[1]}-${String(mm).padStart(2, '0')}`;
    const div = num(r.Dividend);
    const px = num(r.Price);
    if (key >= '1989-01' && div > 0 && px > 0) ie.set(key, { div, px });
  }
  const hubKeys = [...hub.keys()].sort();
  const lastHub = hubKeys.at(-1);
  const diffs = [];
  for (const k of hubKeys) {
    const a = hub.get(k);
    const b = ie.get(k);
    if (b && Math.abs(a.div / a.px - b.div / b.px) > 0.0005) diffs.push(`${k} datahub ${fmt(a.div / a.px, 5)} ie_data ${fmt(b.div / b.px, 5)}`);
  }
  crossCheck('Dividend yield', 'months where the datahub and ie_data yields differ by more than 0.05 pct-pts (datahub kept)', diffs);
  for (const k of hubKeys) rows.push([`${k}-01`, fmt(hub.get(k).div, 4), fmt(hub.get(k).px, 2), fmt(hub.get(k).div / hub.get(k).px, 6), 'shiller_datahub']);
  const ieAdded = [];
  for (const k of [...ie.keys()].sort()) {
    if (k <= lastHub) continue;
    const v = ie.get(k);
    rows.push([`${k}-01`, fmt(v.div, 4), fmt(v.px, 2), fmt(v.div / v.px, 6), 'shiller_ie_data']);
    ieAdded.push(k);
  }
  correct('Dividend yield', `datahub ends ${lastHub} (later columns are 0); months after it taken from Shiller ie_data`, ieAdded);
  writeCsv('sp500_dividend_yield_monthly.csv', ['date', 'dividend', 'price', 'div_yield', 'source'], rows);
  return rows;
}

// ---------------------------------------------------------------- breadth

function buildBreadth() {
  const load = (file) => {
    const m = new Map();
    for (const r of readCsv(file)) {
      const v = num(r.close);
      assert(Number.isFinite(v) && v >= 0, `${file}:${r.__line}: bad close`);
      m.set(isoFrom(r.time), v);
    }
    return m;
  };
  const adv = load('nyse_advances_daily.csv');
  const dec = load('nyse_declines_daily.csv');
  const unc = load('nyse_unchanged_daily.csv');
  const advOnly = [...adv.keys()].filter((d) => !dec.has(d)).sort();
  const decOnly = [...dec.keys()].filter((d) => !adv.has(d)).sort();
  correct('NYSE breadth', 'advances without a declines row dropped (inner join)', advOnly);
  correct('NYSE breadth', 'declines without an advances row dropped (inner join)', decOnly);
  const BAD = { '1999-05-25': 'declines = 19', '2000-05-12': 'adv+decl+unch = 4654', '2001-02-15': 'adv+decl+unch = 2013' };
  const LONE = { '1991-12-02': 'lone monthly point before the daily series' };
  let rows = [];
  const bad = [];
  const lone = [];
  for (const d of [...adv.keys()].filter((x) => dec.has(x)).sort()) {
    if (BAD[d]) {
      bad.push(`${d} (${BAD[d]}: adv ${adv.get(d)}, decl ${dec.get(d)}, unch ${unc.get(d) ?? 'n/a'})`);
      continue;
    }
    if (LONE[d]) {
      lone.push(`${d} (${LONE[d]})`);
      continue;
    }
    rows.push([d, String(adv.get(d)), String(dec.get(d)), unc.has(d) ? String(unc.get(d)) : '']);
  }
  assert(bad.length === 3, 'expected the 3 known bad breadth rows');
  correct('NYSE breadth', 'bad rows removed (adv+decl+unch far from the ~2800-3500 norm)', bad);
  correct('NYSE breadth', 'lone monthly point removed', lone);
  // Flag any other implausible totals.
  const odd = rows.filter((r) => r[3] !== '' && (Number(r[1]) + Number(r[2]) + Number(r[3]) < 1500 || Number(r[1]) + Number(r[2]) + Number(r[3]) > 4500)).map((r) => r[0]);
  crossCheck('NYSE breadth', 'other rows with adv+decl+unch outside 1500..4500 (kept)', odd);
  rows = sortUnique('NYSE breadth', onTradingDays('NYSE breadth', rows));
  const set = new Set(rows.map((r) => r[0]));
  const gaps = [];
  for (let d = '1994-06-20'; d <= rows[rows.length - 1][0]; d = cal.nextTradingDay(d)) if (!set.has(d)) gaps.push(d);
  crossCheck('NYSE breadth', 'trading days from 1994-06-20 without breadth', gaps);
  writeCsv('nyse_breadth.csv', ['date', 'advances', 'declines', 'unchanged'], rows);
  return rows;
}

// ---------------------------------------------------------------- VIX futures

/** Monthly VIX expirations strictly after d, ascending (n of them). */
function expiriesAfter(d, n) {
  const out = [];
  let y = Number(d.slice(0, 4));
  let m = Number(d.slice(5, 7));
  while (out.length < n) {
    const e = cal.vixExpiration(y, m);
    if (e > d) out.push(e);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

function buildVx() {
  // Source A: VX1..VX8 2007-2021, roll on the expiry day (on an expiry date VX1 is the next contract).
  const a = readCsv('vix_futures_vx1_vx8_2007_2021.csv');
  const table = new Map(); // `${date}|${expiry}` -> {settle, src}
  const staleEqPrev = [];
  const staleRoll = [];
  let prev = null;
  let rowsA = 0;
  for (const r of a) {
    const d = isoFrom(r.DATE);
    const v = [1, 2, 3, 4, 5, 6, 7, 8].map((i) => num(r[`VX${i}`]));
    const exps = expiriesAfter(d, 8);
    assert(exps[0] > d, 'expiry order');
    rowsA++;
    for (let i = 0; i < 8; i++) {
      const x = v[i];
      assert(Number.isFinite(x) && x > 0, `vix_futures_vx1_vx8_2007_2021.csv:${r.__line}: bad VX${i + 1}`);
      if (i >= 6) {
        // A stale VX7/VX8: equals the previous column on the same day (the month was not
        // listed and the source repeated the nearer month), or, on a roll day, still shows
        // yesterday's value of that column (yesterday's contract, now one column nearer).
        // VX8 = VX7: the 8th month was not listed (long runs in 2009-2011). VX7 = VX6 alone is
        // common on a flat back end (kept); it counts as stale only when VX8 repeats it too.
        if (x === v[i - 1] && (i === 7 || v[7] === x)) {
          staleEqPrev.push(`${d} VX${i + 1} (${exps[i]}) = VX${i} = ${x}`);
          continue;
        }
        if (prev && prev.exps[0] !== exps[0] && prev.v[i] === x) {
          staleRoll.push(`${d} VX${i + 1} (${exps[i]}) = yesterday's VX${i + 1} = ${x}`);
          continue;
        }
      }
      table.set(`${d}|${exps[i]}`, { settle: x, src: 'a' });
    }
    prev = { v, exps };
  }
  correct('VIX futures', 'stale VX7/VX8 dropped: VX8 equal to VX7 on the same day (month not listed; source repeated the nearer month), VX7 too when VX6 = VX7 = VX8', staleEqPrev);
  correct('VIX futures', 'stale VX7/VX8 dropped: on a roll day the column still holds yesterday\'s value', staleRoll);
  // Source B: per-contract CFE settles 2021-10-21 .. 2026-09-17 (includes expiry-day final settlement).
  const b = readCsv('vix_futures_monthly_settles_2021_2026.csv');
  let agree = 0;
  const disagree = [];
  const onlyB = [];
  const expB = new Set();
  for (const r of b) {
    const d = isoFrom(r.trade_date);
    const e = isoFrom(r.expiry);
    expB.add(e);
    const x = num(r.settle);
    assert(Number.isFinite(x) && x > 0, `vix_futures_monthly_settles_2021_2026.csv:${r.__line}: bad settle`);
    const k = `${d}|${e}`;
    const prevA = table.get(k);
    if (prevA) {
      if (prevA.settle === x) agree++;
      else disagree.push(`${d} ${e} a=${prevA.settle} b=${x}`);
    } else onlyB.push(k);
    table.set(k, { settle: x, src: 'b' });
  }
  // Expiries in source B must be our calendar's VIX expirations.
  for (const e of expB) {
    const y = Number(e.slice(0, 4));
    const m = Number(e.slice(5, 7));
    assert(cal.vixExpiration(y, m) === e, `CFE expiry ${e} disagrees with the calendar (${cal.vixExpiration(y, m)})`);
  }
  assert(disagree.length === 0, 'VX sources disagree on the overlap: ' + disagree.slice(0, 5).join('; '));
  assert(agree >= 69, `expected at least 69 overlapping VX values, got ${agree}`);
  crossCheck('VIX futures', `the two VX sources on their overlap: ${agree} (date, expiry) values, all equal (asserted by the build)`, []);
  crossCheck('VIX futures', `CFE per-contract expiries checked against the calendar's vixExpiration: ${expB.size}, all equal (asserted)`, []);
  const offDays = [];
  const rows = [];
  for (const [k, v] of table) {
    const [d, e] = k.split('|');
    if (!cal.isTradingDay(d)) offDays.push(`${d} (${e} ${v.settle})`);
    rows.push([d, e, fmt(v.settle, 4)]);
  }
  rows.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0));
  crossCheck('VIX futures', 'settles on days the NYSE was closed (CFE open; kept: real settlements)', [...new Set(offDays)].sort());
  writeCsv('vx_settles.csv', ['date', 'expiry', 'settle'], rows);
  written.at(-1).note = `${rowsA} rows from VX1..VX8 2007-2021, per-contract CFE settles from 2021-10-21`;
  return rows;
}

function buildVxCurveSnapshot() {
  const raw = readCsv('vix_futures_curve_snapshot_2026-07-23.csv');
  const weekly = [];
  const rows = [];
  for (const r of raw) {
    const e = isoFrom(r.expiration_date);
    if (!/^VX\/[A-Z]\d$/.test(r.symbol)) {
      weekly.push(`${e} ${r.symbol} ${r.settlement}`);
      continue;
    }
    const y = Number(e.slice(0, 4));
    const m = Number(e.slice(5, 7));
    assert(cal.vixExpiration(y, m) === e, `curve snapshot expiry ${e} is not a VIX monthly expiration`);
    rows.push([e, r.symbol, fmt(num(r.settlement), 4)]);
  }
  correct('VIX futures curve snapshot', 'bogus weekly rows (all repeat the Aug monthly settle) removed', weekly);
  rows.sort((x, y) => (x[0] < y[0] ? -1 : 1));
  writeCsv('vx_curve_2026-07-23.csv', ['expiry', 'symbol', 'settle'], rows);
}

// ---------------------------------------------------------------- events

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// Dates of federal funds target changes 1990-1999 (Federal Reserve, "Open Market Operations:
// intended federal funds rate" history). Only used to select which unscheduled FOMC calls
// of fomc_activity were policy moves; a date must be in both to become an event.
const FED_FUNDS_TARGET_CHANGES_1990_1999 = new Set([
  '1990-07-13', '1990-10-29', '1990-11-13', '1990-12-07', '1990-12-18',
  '1991-01-09', '1991-02-01', '1991-03-08', '1991-04-30', '1991-08-06', '1991-09-13', '1991-10-31', '1991-11-06', '1991-12-06', '1991-12-20',
  '1992-04-09', '1992-07-02', '1992-09-04',
  '1994-02-04', '1994-03-22', '1994-04-18', '1994-05-17', '1994-08-16', '1994-11-15',
  '1995-02-01', '1995-07-06', '1995-12-19', '1996-01-31', '1997-03-25',
  '1998-09-29', '1998-10-15', '1998-11-17', '1999-06-30', '1999-08-24', '1999-11-16',
]);

function buildEvents() {
  const macro = readCsv('macro_events_2000_2027.csv');
  const events = [];
  // CPI / PPI with the year-shift fix.
  const shifted = [];
  const weekend = [];
  for (const r of macro) {
    let d = isoFrom(r.date);
    if (r.event !== 'cpi' && r.event !== 'ppi') continue;
    const ref = String(r.ref_period ?? '');
    if (d.slice(5, 7) === '01' && d < '2008-01-01' && ref === `December ${d.slice(0, 4)}`) {
      const nd = `${Number(d.slice(0, 4)) + 1}${d.slice(4)}`;
      shifted.push(`${d} ${r.event} "${ref}" -> ${nd}`);
      d = nd;
    }
    if (!cal.isTradingDay(d)) weekend.push(`${d} ${r.event}`);
    events.push([d, r.event, `${r.event === 'cpi' ? 'CPI' : 'PPI'} release (${ref})`]);
  }
  assert(shifted.length === 16, `expected 16 year-shifted CPI/PPI rows, found ${shifted.length}`);
  correct('Events', 'January CPI/PPI rows 2000-2007 for "December <same year>" moved one year later (true release date)', shifted);
  crossCheck('Events', 'CPI/PPI release dates on a non-trading day (kept: releases happen on federal workdays)', weekend);
  // CPI cross-check against the independent BLS list.
  const cpiMacro = new Set(events.filter((e) => e[1] === 'cpi').map((e) => e[0]));
  const cpiList = readCsv('cpi_release_dates_2015_2026.csv').map((r) => isoFrom(r.release_date));
  const cpiMissing = cpiList.filter((d) => !cpiMacro.has(d));
  const cpiExtra = [...cpiMacro].filter((d) => d >= cpiList[0] && d <= cpiList.at(-1) && !cpiList.includes(d)).sort();
  crossCheck('Events', `CPI: cpi_release_dates dates (${cpiList.length}) missing from macro_events`, cpiMissing);
  crossCheck('Events', 'CPI: macro_events dates in 2015-01..2026-07 absent from cpi_release_dates', cpiExtra);

  // FOMC.
  const HILL_FIX = { '2015-06-18': '2015-06-17', '2015-07-28': '2015-07-29', '2015-09-29': '2015-09-17', '2015-10-27': '2015-10-28', '2024-10-30': '2024-11-07', '2024-12-11': '2024-12-18' };
  const hillRaw = readCsv('fomc_announcement_dates_1989_2024_hillenbrand.csv', { columns: ['date'] }).map((r) => isoFrom(r.date));
  const hillFixed = [];
  const hill = hillRaw.map((d) => {
    if (HILL_FIX[d]) {
      hillFixed.push(`${d} -> ${HILL_FIX[d]}`);
      return HILL_FIX[d];
    }
    return d;
  });
  correct('Events', 'Hillenbrand FOMC dates known to be wrong, corrected (used before 2000 and for the cross-check)', hillFixed);
  const act = readCsv('fomc_activity_dates_1975_2023.csv');
  const actSched = act.filter((r) => r.fed_meeting_date_indicator === '1' && r.fed_non_scheduled_meeting_indicator === '0').map((r) => isoFrom(r.date));
  const actUnsched = act.filter((r) => r.fed_meeting_date_indicator === '1' && r.fed_non_scheduled_meeting_indicator === '1').map((r) => isoFrom(r.date));
  const fomc = new Map();
  for (const d of hill) if (d >= FIRST && d < '2000-01-01') fomc.set(d, d < '1994-01-01' ? 'FOMC scheduled meeting: decision learned by markets (day after the meeting; no statement before 1994)' : 'FOMC scheduled meeting (announcement day)');
  // Unscheduled meetings/calls 1990-1999 count as events only when the federal funds target
  // changed that day (the market saw a move); calls without a move were not public.
  const calls = [];
  for (const d of actUnsched) {
    if (d < FIRST || d >= '2000-01-01' || fomc.has(d)) continue;
    if (FED_FUNDS_TARGET_CHANGES_1990_1999.has(d)) fomc.set(d, 'FOMC unscheduled move (intermeeting target change)');
    else calls.push(d);
  }
  correct('Events', 'fomc_activity unscheduled calls 1990-1999 without a target change that day, not used as events', calls);
  for (const r of macro) {
    if (r.event !== 'fomc_decision' && r.event !== 'fomc_intermeeting') continue;
    const d = isoFrom(r.date);
    if (d < '2000-01-01') continue;
    fomc.set(d, r.event === 'fomc_decision' ? 'FOMC decision' : `FOMC intermeeting: ${r.detail}`);
  }
  // Cross-checks 2000-2024 (fomc_activity ends 2023-10).
  const mSched = new Set(macro.filter((r) => r.event === 'fomc_decision').map((r) => isoFrom(r.date)));
  const hillSet = new Set(hill);
  const inHill = (d) => d >= '2000-01-01' && d <= '2024-12-31';
  crossCheck('Events', 'FOMC 2000-2024: macro_events decisions not in Hillenbrand (after its fixes)', [...mSched].filter((d) => inHill(d) && !hillSet.has(d)).sort());
  crossCheck('Events', 'FOMC 2000-2024: Hillenbrand dates (after its fixes) not in macro_events decisions', hill.filter((d) => inHill(d) && !mSched.has(d)));
  const hillRawSet = new Set(hillRaw);
  crossCheck('Events', 'FOMC 2000-2024: macro_events decisions not in the raw Hillenbrand file (what the fixes repair)', [...mSched].filter((d) => inHill(d) && !hillRawSet.has(d)).sort());
  const actSet = new Set(actSched);
  const actLast = actSched.filter((d) => d <= '2023-12-31').sort().at(-1);
  crossCheck('Events', `FOMC 2000-${actLast.slice(0, 7)}: macro_events decisions not among fomc_activity scheduled meetings`, [...mSched].filter((d) => d >= '2000-01-01' && d <= actLast && !actSet.has(d)).sort());
  crossCheck('Events', `FOMC 2000-${actLast.slice(0, 7)}: fomc_activity scheduled meetings not among macro_events decisions (mostly 1 day late, see PROVENANCE)`, actSched.filter((d) => d >= '2000-01-01' && d <= actLast && !mSched.has(d)));
  const fomcOff = [...fomc.keys()].filter((d) => !cal.isTradingDay(d)).sort();
  crossCheck('Events', 'FOMC dates on a non-trading day (kept, e.g. the Sunday 2020-03-15 emergency cut)', fomcOff);
  for (const [d, detail] of fomc) events.push([d, 'fomc', detail]);

  // Expirations from the calendar.
  const vixMacro = new Set(macro.filter((r) => r.event === 'vix_expiry').map((r) => isoFrom(r.date)));
  const opexMacro = new Set(macro.filter((r) => r.event === 'opex').map((r) => isoFrom(r.date)));
  const vixOurs = new Set();
  const spxOurs = new Set();
  for (let y = 1990; y <= 2027; y++) {
    for (let m = 1; m <= 12; m++) {
      const v = cal.vixExpiration(y, m);
      vixOurs.add(v);
      events.push([v, 'vix_expiry', `VIX futures/options ${MONTHS[m - 1]} ${y} expiration (SOQ at the open)${v < '2004-03-26' ? ' - rule date before VIX futures were listed' : ''}`]);
      const s = cal.spxMonthlyExpiration(y, m);
      spxOurs.add(s);
      events.push([s, 'spx_monthly_expiry', `SPX ${MONTHS[m - 1]} ${y} monthly options expiration`]);
    }
  }
  const mRange = (d) => d >= '2000-01-01' && d <= '2027-12-31';
  crossCheck('Events', 'vix_expiry: macro_events dates not equal to the calendar rule (calendar kept)', [...vixMacro].filter((d) => mRange(d) && !vixOurs.has(d)).sort());
  crossCheck('Events', 'vix_expiry: calendar dates 2000-2027 missing from macro_events', [...vixOurs].filter((d) => mRange(d) && !vixMacro.has(d)).sort());
  crossCheck('Events', 'opex: macro_events dates not equal to the calendar rule (calendar kept)', [...opexMacro].filter((d) => mRange(d) && !spxOurs.has(d)).sort());
  crossCheck('Events', 'opex: calendar dates 2000-2027 missing from macro_events', [...spxOurs].filter((d) => mRange(d) && !opexMacro.has(d)).sort());

  const KIND_ORDER = ['fomc', 'cpi', 'ppi', 'vix_expiry', 'spx_monthly_expiry'];
  events.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : KIND_ORDER.indexOf(x[1]) - KIND_ORDER.indexOf(y[1]) || (x[2] < y[2] ? -1 : 1)));
  const out = events.filter((e) => e[0] >= '1990-01-01' && e[0] <= '2027-12-31');
  const weekendEvents = out.filter((e) => cal.isTradingDay(e[0]) === false && [0, 6].includes(new Date(e[0] + 'T00:00:00Z').getUTCDay()));
  // The only weekend event in the sources is the Sunday 2020-03-15 emergency cut: markets learned it
  // before the Monday open, so it is dated the next trading day (2020-03-16).
  const moved = [];
  for (const e of weekendEvents) {
    const nd = cal.nextTradingDay(e[0]);
    moved.push(`${e[0]} ${e[1]} -> ${nd}`);
    e[2] = `${e[2]} (announced ${e[0]})`;
    e[0] = nd;
  }
  correct('Events', 'weekend events moved to the next trading day (detail keeps the announcement date)', moved);
  out.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : KIND_ORDER.indexOf(x[1]) - KIND_ORDER.indexOf(y[1]) || (x[2] < y[2] ? -1 : 1)));
  // Unique (date, kind).
  const uniq = [];
  const dupl = [];
  for (const e of out) {
    const p = uniq.at(-1);
    if (p && p[0] === e[0] && p[1] === e[1]) {
      dupl.push(`${e[0]} ${e[1]}: "${p[2]}" / "${e[2]}"`);
      p[2] = `${p[2]}; ${e[2]}`;
      continue;
    }
    uniq.push(e);
  }
  correct('Events', 'same-day events of the same kind merged into one row', dupl);
  // Details are plain text without commas or quotes, so that the file needs no CSV quoting.
  const rewritten = [];
  for (const e of uniq) {
    if (/[",]/.test(e[2])) {
      const t = e[2].replace(/"/g, "'").replace(/,/g, ';');
      rewritten.push(`${e[0]} ${e[1]}: "${e[2]}" -> "${t}"`);
      e[2] = t;
    }
  }
  correct('Events', 'commas and double quotes in event details replaced by ; and \' (no CSV quoting needed)', rewritten);
  writeCsv('events.csv', ['date', 'kind', 'detail'], uniq);
  return uniq;
}

// ---------------------------------------------------------------- option snapshots

function byKeys(...fns) {
  return (x, y) => {
    for (const f of fns) {
      const a = f(x);
      const b = f(y);
      if (a < b) return -1;
      if (a > b) return 1;
    }
    return 0;
  };
}

/** Quote hygiene: an ask of 0 means no offer (empty); a crossed quote (bid > ask) is unusable (both empty). */
function fixQuote(r, ib, ia, label, noAsk, crossed) {
  assert(r[ib] !== '' && r[ia] !== '' && Number(r[ib]) >= 0 && Number(r[ia]) >= 0, `bad quote ${label}`);
  if (Number(r[ia]) === 0) {
    noAsk.push(`${label} bid ${r[ib]} ask 0`);
    r[ia] = '';
  } else if (Number(r[ib]) > Number(r[ia])) {
    crossed.push(`${label} bid ${r[ib]} ask ${r[ia]}`);
    r[ib] = '';
    r[ia] = '';
  }
}

function buildSpxChain() {
  const raw = readCsv('spx_option_chain_2026-01-30.csv');
  let volBlank = 0;
  let oiBlank = 0;
  const rows = raw.map((r) => {
    const vol = num(r.volume);
    const oi = num(r.openInterest);
    if (!Number.isFinite(vol)) volBlank++;
    if (!Number.isFinite(oi)) oiBlank++;
    const type = r.option_type;
    assert(type === 'call' || type === 'put', `spx chain: bad type ${type}`);
    return [isoFrom(r.expiration), fmt(num(r.strike), 2), type, fmt(num(r.bid), 2), fmt(num(r.ask), 2), fmt(num(r.lastPrice), 2), Number.isFinite(vol) ? String(vol) : '0', Number.isFinite(oi) ? String(oi) : '0', r.contractSymbol.startsWith('SPXW') ? 'SPXW' : 'SPX'];
  });
  const noAsk = [];
  const crossed = [];
  for (const r of rows) fixQuote(r, 3, 4, `${r[0]} ${r[8]} ${r[2]} ${r[1]}`, noAsk, crossed);
  correct('SPX chain 2026-01-30', 'ask of 0 (no offer) written as empty', noAsk);
  correct('SPX chain 2026-01-30', 'crossed quotes (bid > ask > 0) written as empty bid and ask', crossed);
  rows.sort(byKeys((r) => r[0], (r) => r[8], (r) => r[2], (r) => Number(r[1])));
  correct('SPX chain 2026-01-30', 'empty volume / open interest (Yahoo NaN = no trades) written as 0', [`volume ${volBlank} rows, open_interest ${oiBlank} rows`], '', volBlank + oiBlank);
  correct('SPX chain 2026-01-30', "Yahoo impliedVolatility dropped (unreliable, 1e-5..6.2; recompute from bid/ask)", [`${rows.length} rows`], '', rows.length);
  writeCsv('spx_chain_2026-01-30.csv', ['expiration', 'strike', 'type', 'bid', 'ask', 'last', 'volume', 'open_interest', 'root'], rows);
}

function buildSpxCalls() {
  const raw = readCsv('spx_calls_chain_2026-03-13.csv');
  const rows = raw.map((r) => {
    const m = /^(SPXW?)(\d{2})(\d{2})(\d{2})C/.exec(r.contractSymbol);
    assert(m, `spx calls: bad symbol ${r.contractSymbol}`);
    return [`20${m[2]}-${m[3]}-${m[4]}`, fmt(num(r.strike), 2), fmt(num(r.bid), 2), fmt(num(r.ask), 2), fmt(num(r.lastPrice), 2), Number.isFinite(num(r.volume)) ? String(num(r.volume)) : '0', Number.isFinite(num(r.openInterest)) ? String(num(r.openInterest)) : '0', m[1], String(r.lastTradeDate).slice(0, 10)];
  });
  const noAsk = [];
  const crossed = [];
  for (const r of rows) fixQuote(r, 2, 3, `${r[0]} ${r[7]} call ${r[1]}`, noAsk, crossed);
  correct('SPX calls 2026-03-13', 'ask of 0 (no offer) written as empty', noAsk);
  correct('SPX calls 2026-03-13', 'crossed quotes (bid > ask > 0) written as empty bid and ask', crossed);
  rows.sort(byKeys((r) => r[0], (r) => r[7], (r) => Number(r[1])));
  correct('SPX calls 2026-03-13', 'expiration taken from the OCC symbol; spot/timetoMaturity/IV columns dropped (quotes probably captured 2026-03-16, see PROVENANCE)', [`${rows.length} rows`], '', rows.length);
  writeCsv('spx_calls_2026-03-13.csv', ['expiration', 'strike', 'bid', 'ask', 'last', 'volume', 'open_interest', 'root', 'last_trade_date'], rows);
}

function buildVixOptions() {
  const raw = readCsv('vix_option_eod_2024-06-03.csv');
  const rows = raw.map((r) => {
    const type = r.contract_type;
    assert(type === 'call' || type === 'put', 'vix options: bad type');
    return [isoFrom(r.expiration_date), fmt(num(r.strike_price), 2), type, fmt(num(r.open), 2), fmt(num(r.high), 2), fmt(num(r.low), 2), fmt(num(r.close), 2), Number.isFinite(num(r.volume)) ? String(num(r.volume)) : '0'];
  });
  rows.sort(byKeys((r) => r[0], (r) => r[2], (r) => Number(r[1])));
  correct('VIX options 2024-06-03', 'imp_vol and greeks dropped (computed against spot VIX, wrong); untraded rows keep empty prices', [`${rows.length} rows, ${rows.filter((r) => r[6] === '').length} untraded`], '', rows.length);
  writeCsv('vix_options_2024-06-03.csv', ['expiration', 'strike', 'type', 'open', 'high', 'low', 'close', 'volume'], rows);
}

function buildVxth() {
  const raw = readCsv('vxth_vix_calls_2006_2011_cboe.csv');
  let rows = raw.map((r) => [isoFrom(r.date), fmt(num(r.VXTH), 2), fmt(num(r.SPX), 2), fmt(num(r.dividend_points), 4), isoFrom(r.vix_call_expiration), fmt(num(r.vix_call_strike), 2), fmt(num(r.call_bid), 4), fmt(num(r.call_ask), 4), fmt(num(r.call_mid), 4), fmt(num(r.number_of_calls), 8)]);
  rows = sortUnique('VXTH VIX calls', onTradingDays('VXTH VIX calls', rows));
  for (const r of rows) {
    const y = Number(r[4].slice(0, 4));
    const m = Number(r[4].slice(5, 7));
    assert(cal.vixExpiration(y, m) === r[4], `VXTH call expiration ${r[4]} on ${r[0]} is not a VIX expiration`);
  }
  crossCheck('VXTH VIX calls', 'call expirations checked against the calendar rule: all equal (asserted)', []);
  writeCsv('vxth_vix_calls_2006_2011.csv', ['date', 'vxth', 'spx', 'dividend_points', 'call_expiration', 'call_strike', 'call_bid', 'call_ask', 'call_mid', 'number_of_calls'], rows);
}

function buildCndr() {
  const raw = readCsv('cndr_daily_1986_2005_cboe.csv');
  let rows = raw.map((r) => [isoFrom(r.DATE), fmt(num(r.CNDR), 2)]);
  for (const r of rows) assert(Number.isFinite(Number(r[1])) && Number(r[1]) > 0, `CNDR: bad value on ${r[0]}`);
  rows = sortUnique('CNDR', onTradingDays('CNDR', rows));
  writeCsv('cndr_daily.csv', ['date', 'cndr'], rows);
}

function buildAtmIv() {
  const raw = readCsv('spx_atm_iv_term_snapshots_2026.csv');
  const rows = raw.map((r) => [isoFrom(r.snapshot_date), isoFrom(r.expiration), String(num(r.dte)), fmt(num(r.spot), 2), fmt(num(r.atm_strike), 2), fmt(num(r.atm_iv), 6), fmt(num(r.atm_call_iv), 6), fmt(num(r.atm_put_iv), 6), fmt(num(r.atm_call_oi), 0), fmt(num(r.atm_put_oi), 0)]);
  rows.sort(byKeys((r) => r[0], (r) => r[1]));
  for (let i = 1; i < rows.length; i++) assert(!(rows[i][0] === rows[i - 1][0] && rows[i][1] === rows[i - 1][1]), 'atm iv: duplicate');
  writeCsv('spx_atm_iv_term_2026.csv', ['snapshot_date', 'expiration', 'dte', 'spot', 'atm_strike', 'atm_iv', 'atm_call_iv', 'atm_put_iv', 'atm_call_oi', 'atm_put_oi'], rows);
}

// ---------------------------------------------------------------- run

const spx = buildSpx();
{
  const vix = buildOhlcIndex('VIX', 'vix_daily.csv', 'vix_daily.csv', { blankBefore: '2004-06-14' });
  const have = new Set(vix.map((r) => r[0]));
  const last = vix[vix.length - 1][0];
  const spxDays = spx.map((r) => r[0]);
  crossCheck('VIX', 'SPX trading days absent from the Cboe VIX file (left missing, not filled)', spxDays.filter((d) => d <= last && !have.has(d)));
}
buildOhlcIndex('VIX9D', 'vix9d_daily.csv', 'vix9d_daily.csv');
buildOhlcIndex('VIX3M', 'vix3m_daily.csv', 'vix3m_daily.csv');
buildOhlcIndex('VIX6M', 'vix6m_daily.csv', 'vix6m_daily.csv');
buildVix1d();
buildCloseIndex('VVIX', 'vvix_daily.csv', 'vvix_daily.csv', 'VVIX', { from: '2007-01-03', dropNote: '2006 rows dropped (sparse, implausible values such as 15.71 on 2006-03-15)' });
buildCloseIndex('SKEW', 'skew_daily.csv', 'skew_daily.csv', 'SKEW');
buildRates();
buildDividends();
buildBreadth();
buildVx();
buildVxCurveSnapshot();
buildEvents();
buildSpxChain();
buildSpxCalls();
buildVixOptions();
buildVxth();
buildCndr();
buildAtmIv();
cutAtCommonLastDay();
flushCsv();

// ---------------------------------------------------------------- CORRECTIONS.md and PROVENANCE.md

function section(list) {
  const out = [];
  let cur = '';
  for (const c of list) {
    if (c.section !== cur) {
      cur = c.section;
      out.push('', `### ${cur}`, '');
    }
    out.push(`- **${c.what}**: ${c.count}${c.note ? ` (${c.note})` : ''}`);
    for (const e of c.examples) out.push(`  - ${e}`);
    if (c.more > 0) out.push(`  - … ${c.more} more`);
  }
  return out;
}

const md = [
  '# Corrections applied to the embedded data',
  '',
  'Generated by `scripts/build-data.mjs` (`npm run data:build`); do not edit by hand.',
  'Each entry gives the number of rows or values affected and up to 8 examples.',
  '',
  '## Files',
  '',
  '| file | rows | first | last |',
  '|---|---:|---|---|',
  ...written.map((w) => `| \`${w.name}\` | ${w.rows} | ${w.from} | ${w.to} |`),
  '',
  '## Common last day',
  '',
  `Every daily series ends on or before **${commonLastDay.date}**, the last day on which every core series`,
  'has a value (the sources were not re-cut: rows after that day are removed from every daily file).',
  'Series that end earlier stay as they are; the signal reports them as stale inputs.',
  '',
  '| series | file | role | last day built from the source | rows after the common last day |',
  '|---|---|---|---|---|',
  ...commonLastDay.lines,
  '',
  '## Corrections',
  ...section(corrections.filter((c) => c.count > 0)),
  '',
  '## Cross-checks between sources',
  '',
  'Disagreements found while building; unless stated otherwise the primary source is kept.',
  ...section(crossChecks),
  '',
];
fs.writeFileSync(path.join(OUT, 'CORRECTIONS.md'), md.join('\n'));

const prov = fs.readFileSync(path.join(SRC, 'PROVENANCE.md'), 'utf8');
const header = [
  '<!-- Copied from the raw data folder by scripts/build-data.mjs. -->',
  '# Embedded data: provenance',
  '',
  'The files in this folder are a cleaned copy of the raw files described below. The build',
  'normalises dates to ISO, sorts ascending, removes duplicate and non-trading-day rows,',
  'rounds float noise, drops the columns that are known to be wrong (vendor implied',
  'volatilities and greeks), splices the two VIX-futures sources into one (date, expiry,',
  'settle) table and fixes the event dates listed in `CORRECTIONS.md`. The vendors are',
  'Cboe (VIX family, SKEW, VIX futures and options, VXTH), S&P Dow Jones Indices (S&P 500),',
  'NYSE (breadth), FRED / U.S. Treasury (T-bill yields), BLS (CPI, PPI), the Federal',
  'Reserve (FOMC) and Robert Shiller (dividends). Research use only.',
  '',
  '---',
  '',
];
fs.writeFileSync(path.join(OUT, 'PROVENANCE.md'), header.join('\n') + prov);

for (const w of written) console.log(`${w.name.padEnd(36)} ${String(w.rows).padStart(6)}  ${w.from} .. ${w.to}`);
console.log(`corrections: ${corrections.filter((c) => c.count > 0).length} kinds; cross-checks: ${crossChecks.length}`);
