/** `alvh data update`: refresh the market history from the public sources into the store (DESIGN §6). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { embeddedDataDir } from '../../adapters/csvMarketData.js';
import { DEFAULT_SOURCES, parseSourceFlags, parseSourcesConfig, resolveSources, type ConfiguredSource, type SourceDef } from '../../adapters/sources.js';
import { planUpdate } from '../../adapters/update.js';
import { DataError, InputError } from '../../core/errors.js';
import { fromEpochDay, systemClock, type Clock } from '../../core/time.js';
import { writeMarketBatches } from '../../store/index.js';
import { addHomeOption, homeDir, withStore } from '../home.js';
import { printJson } from '../io.js';
import { heldSeries, storedMarketRows } from '../market.js';
import { num } from '../options.js';

export interface DataCommandDeps {
  clock: Clock;
  /** Directory of the embedded dataset (tests may pass a copy). */
  dataDir?: string;
  fetchImpl?: typeof fetch;
}

export const SOURCES_FILE = 'sources.json';

function readConfig(home: string): Record<string, string> {
  const file = join(home, SOURCES_FILE);
  if (!existsSync(file)) return {};
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new DataError(file, `cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  return parseSourcesConfig(file, text);
}

/**
 * The one line said when a source without a default has none configured: what the new days
 * lack and how to configure it.
 */
export function notConfiguredLine(def: SourceDef, lastDate: string | null, configFile: string): string {
  const after = lastDate === null ? 'on every day' : `on the days after ${lastDate}`;
  return (
    `${def.name}: not updated, no source configured: ${def.withoutSource ?? 'its values are missing'} ${after}; ` +
    `configure one with --source ${def.name}=URL|FILE or "${def.name}" in ${configFile} (${def.formatHint ?? 'see docs/guide/update.md'}; docs/guide/update.md)`
  );
}

const SOURCE_NAMES = DEFAULT_SOURCES.map((s) => s.name).join(', ');

export function makeRegister(deps: DataCommandDeps): (program: Command) => void {
  return (program) => {
    const data = program.command('data').description('Market data kept in the store.');
    const update = data
      .command('update')
      .description('Fetch the latest daily history from the public sources (Cboe, FRED, Stooq), validate it and add the new rows to the store in one transaction.')
      .option(
        '--source <name=url|file>',
        `set a source's http(s) URL, file:// URL or file path (repeatable); names: ${SOURCE_NAMES} (vx: a template with {expiry}; breadth has no default)`,
        (v: string, acc: string[]) => [...acc, v],
        [] as string[],
      )
      .option('--only <names>', 'update only these sources, comma-separated (e.g. vix,vvix,skew)')
      .option('--timeout <seconds>', 'per-request timeout in seconds', '30')
      .option('--json', 'print only JSON: [{name, rowsAdded (days), valuesAdded, lastDate, revised, skipped?}]');
    addHomeOption(update)
      .addHelpText(
        'after',
        `
Sources are read from --source, else <home>/${SOURCES_FILE} ({"vix": "https://…", "breadth": "/data/nyse.csv"}),
else the official URLs. A source may be an http(s) URL, a file:// URL or a file path (relative paths:
to the working directory for --source, to <home> in ${SOURCES_FILE}). NYSE breadth has no official free
daily file, so no default: without one, each run says so in one line and the signal score leaves the
A/D breadth component out on the new days. Its format: date,advances,declines,unchanged (ISO dates).
All sources are fetched and validated first; then one transaction adds the rows dated after the last
date already held (embedded or stored). Any failure exits 2 with "alvh: source NAME: …" and changes nothing.

Examples:
  $ alvh data update --home /tmp/alvh --only vix --source vix=http://127.0.0.1:8000/VIX_History.csv --json
  $ alvh data update --home /tmp/alvh --only breadth --source breadth=./nyse_breadth.csv`,
      )
      .action(async (opts: { source: string[]; only?: string; timeout: string; json?: boolean; home?: string }) => {
        const timeoutS = num('--timeout', opts.timeout);
        if (!(timeoutS > 0)) throw new InputError('--timeout', `must be > 0, got ${opts.timeout}`);
        const home = homeDir(opts.home);
        const configFile = join(home, SOURCES_FILE);
        const all = resolveSources(parseSourceFlags(opts.source), readConfig(home), home);
        const only = opts.only?.split(',').map((x) => x.trim()).filter((x) => x !== '');
        for (const name of only ?? []) {
          if (!all.some((d) => d.name === name)) throw new InputError('--only', `unknown source "${name}" (sources: ${all.map((d) => d.name).join(', ')})`);
        }
        const selected = only === undefined ? all : all.filter((d) => only.includes(d.name));
        if (selected.length === 0) throw new InputError('--only', 'names no source');
        const missing = selected.filter((d) => d.url === null);
        const defs = selected.filter((d): d is ConfiguredSource => d.url !== null);
        const named = missing[0];
        if (defs.length === 0 && named !== undefined) {
          throw new InputError('--only', `source ${named.name} has no URL or file configured: add --source ${named.name}=URL|FILE or "${named.name}" in ${configFile} (${named.formatHint ?? 'see docs/guide/update.md'})`);
        }
        const stored = storedMarketRows(opts.home, deps.clock);
        const held = heldSeries(stored, deps.dataDir ?? embeddedDataDir());
        const today = fromEpochDay(Math.floor(deps.clock.nowMs() / 86_400_000));
        const plans = await planUpdate(defs, held, {
          today,
          timeoutMs: timeoutS * 1000,
          ...(deps.fetchImpl === undefined ? {} : { fetchImpl: deps.fetchImpl }),
        });
        withStore(opts.home, deps.clock, (store) =>
          writeMarketBatches(store, plans.filter((p) => p.rows.length > 0).map((p) => ({ series: p.series, storedLastDate: p.storedLastDate, rows: p.rows }))),
        );
        // rowsAdded counts days (one row of a daily file); valuesAdded the fields stored (OHLC: four a day).
        const out: { name: string; rowsAdded: number; valuesAdded: number; lastDate: string | null; revised: number; skipped?: string }[] = plans.map((p) => ({
          name: p.name,
          rowsAdded: p.daysAdded,
          valuesAdded: p.rows.length,
          lastDate: p.lastDate,
          revised: p.revisions.length,
        }));
        const notes: string[] = [];
        for (const d of missing) {
          const rows = held(d.series).rows;
          const last = rows.reduce<string | null>((m, r) => (m === null || r.date > m ? r.date : m), null);
          out.push({ name: d.name, rowsAdded: 0, valuesAdded: 0, lastDate: last, revised: 0, skipped: 'no source configured' });
          notes.push(notConfiguredLine(d, last, configFile));
        }
        if (opts.json) {
          printJson(out);
          for (const n of notes) process.stderr.write(`${n}\n`);
          return;
        }
        for (const [i, p] of plans.entries()) {
          const o = out[i] as (typeof out)[number];
          const rev = p.revisions[0];
          const note = rev === undefined ? '' : `; ${o.revised} value(s) differ from the held history, not written (first: ${rev.date} ${rev.field} held ${rev.held}, source ${rev.fetched})`;
          const values = o.valuesAdded === o.rowsAdded ? '' : ` (${o.valuesAdded} values)`;
          process.stdout.write(`${o.name}: ${o.rowsAdded} day(s) added${values}, last date ${o.lastDate ?? 'none'}${note}\n`);
        }
        for (const n of notes) process.stdout.write(`${n}\n`);
      });
  };
}

export const register = makeRegister({ clock: systemClock });
