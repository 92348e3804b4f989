/** `alvh replicate cndr|vxth|put|bxm`: Cboe's benchmark strategies on the market model, optionally against the real index. */
import type { Command } from 'commander';
import { DataError, InputError } from '../../core/errors.js';
import { isoDate, systemClock, type IsoDate } from '../../core/time.js';
import { compareReplication, replicate, REPLICATED_INDICES, type ReplicatedIndex, type Replication, type ReplicationComparison } from '../../backtest/replicate.js';
import { columnIndex, numberCell, readCsvTable } from '../csvTable.js';
import { addHomeOption } from '../home.js';
import { printJson } from '../io.js';
import { calibrationFromFlag, calibrationNote, CALIBRATION_FLAG_HELP } from '../calibrationFlag.js';
import { homeMarketData } from '../market.js';
import { date as dateFlag, oneOf } from '../options.js';

/** Default start: the first day of the SPX data, VXTH from 2006-02-22 (the first VIX option roll its history covers). */
const DEFAULT_FROM: Readonly<Record<ReplicatedIndex, IsoDate>> = {
  cndr: '1990-01-02' as IsoDate,
  put: '1990-01-02' as IsoDate,
  bxm: '1990-01-02' as IsoDate,
  vxth: '2006-02-15' as IsoDate,
};

/** A real index history: `date,value` or Cboe's `DATE,NAME` layout (ISO or MM/DD/YYYY dates). */
export function readIndexHistory(file: string): [IsoDate, number][] {
  const t = readCsvTable(file, '--compare');
  if (t.header.length < 2) throw new InputError('--compare', `${file}: expected two columns, date and value (or Cboe's DATE,NAME)`);
  const dateCol = t.header.findIndex((h) => h.toLowerCase() === 'date');
  const d = dateCol >= 0 ? dateCol : columnIndex(t, 'date', '--compare');
  const v = t.header.findIndex((h, i) => i !== d && h.trim() !== '');
  const out: [IsoDate, number][] = [];
  for (const row of t.rows) {
    const raw = row.cells[d] ?? '';
    const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(raw);
    let day: IsoDate;
    try {
      day = isoDate(us ? `${us[3]}-${(us[1] ?? '').padStart(2, '0')}-${(us[2] ?? '').padStart(2, '0')}` : raw, t.header[d] ?? 'date');
    } catch {
      throw new DataError(`${file}:${row.line}`, `${t.header[d] ?? 'date'}: not a date (YYYY-MM-DD or MM/DD/YYYY): "${raw}"`);
    }
    const x = numberCell(t, row, v);
    if (!(x > 0)) throw new DataError(`${file}:${row.line}`, `${t.header[v] ?? 'value'}: must be > 0, got ${x}`);
    const prev = out[out.length - 1];
    if (prev && prev[0] >= day) throw new DataError(`${file}:${row.line}`, `dates must increase (${day} after ${prev[0]})`);
    out.push([day, x]);
  }
  if (out.length < 2) throw new InputError('--compare', `${file}: fewer than two rows`);
  return out;
}

const pct = (x: number | null, d = 2): string => (x === null || !Number.isFinite(x) ? '-' : `${(x * 100).toFixed(d)}%`);

function text(r: Replication, c: ReplicationComparison | undefined): string {
  const first = r.levels[0]?.[1] ?? 100;
  const last = r.levels[r.levels.length - 1]?.[1] ?? first;
  const years = r.levels.length / 252;
  const lines = [
    `${r.index.toUpperCase()} replicated on the market model (modelled option prices), ${r.from} .. ${r.to}`,
    `  rules: ${r.rules}`,
    `  level ${first.toFixed(2)} -> ${last.toFixed(2)}, ${pct(Math.pow(last / first, 1 / years) - 1)} a year, ${r.rolls.length} rolls`,
  ];
  if (c) {
    lines.push(
      `against the real index, ${c.from} .. ${c.to} (${c.months} monthly returns)`,
      `  monthly-return correlation  ${c.monthlyCorrelation === null ? '-' : c.monthlyCorrelation.toFixed(3)}`,
      `  annual return               model ${pct(c.annualReturnModel)}  real ${pct(c.annualReturnReal)}`,
      `  tracking error (annual)     ${pct(c.trackingError)}`,
      '  worst months of the real index (real / model):',
      ...c.worstMonths.map((w) => `    ${w.month}  ${pct(w.real)} / ${pct(w.model)}`),
    );
  }
  return `${lines.join('\n')}\n`;
}

export function register(program: Command): void {
  addHomeOption(
    program
      .command('replicate')
      .description("Cboe's benchmark strategy indices (CNDR, VXTH, PUT, BXM) replicated on the market model, optionally against the real index history.")
      .argument('<index>', REPLICATED_INDICES.join('|'))
      .option('--from <date>', 'first day (level 100); default the first day the data allow')
      .option('--to <date>', 'last day (default: the last day of the data)')
      .option('--compare <file>', "a real index history: CSV date,value or Cboe's DATE,NAME layout")
      .option('--calibration <file>', CALIBRATION_FLAG_HELP)
      .option('--json', 'print {index, from, to, rules, levels, rolls[, compare][, calibration]} as JSON only'),
  )
    .addHelpText(
      'after',
      `
Levels are daily closes based at 100 on --from; option prices are modelled (dayModel), SPX
monthly options settle at the open (SET), VIX options at the VIX open (SOQ proxy).

Examples:
  $ alvh replicate cndr --from 1990-01-02 --to 2005-12-30 --compare data/cndr_daily.csv
  $ alvh replicate vxth --from 2006-03-22 --to 2011-12-30 --json > vxth.json`,
    )
    .action((name: string, flags: { from?: string; to?: string; compare?: string; json?: boolean; home?: string; calibration?: string }) => {
      const calibration = calibrationFromFlag(flags.calibration);
      const index = oneOf('index', name, REPLICATED_INDICES);
      const from = flags.from === undefined ? DEFAULT_FROM[index] : dateFlag('--from', flags.from);
      const data = homeMarketData(flags.home, systemClock);
      const to = flags.to === undefined ? (data.daily.dates[data.daily.dates.length - 1] as IsoDate) : dateFlag('--to', flags.to);
      if (to < from) throw new InputError('--to', `must not be before --from (${from}), got ${to}`);
      const real = flags.compare === undefined ? undefined : readIndexHistory(flags.compare);
      const r = replicate(data, index, from, to, calibration.calib);
      const c = real ? compareReplication(r.levels, real) : undefined;
      const note = calibrationNote(calibration);
      if (flags.json === true) printJson({ ...r, ...(c ? { compare: c } : {}), ...(calibration.file === null ? {} : { calibration: calibration.file }) });
      else process.stdout.write(`${text(r, c)}${note === null ? '' : `${note}\n`}`);
    });
}
