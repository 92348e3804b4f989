/** `alvh data update`: refresh the market history from the public sources into the store (DESIGN §6). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { embeddedDataDir } from '../../adapters/csvMarketData.js';
import { parseSourceFlags, parseSourcesConfig, resolveSources } from '../../adapters/sources.js';
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

export function makeRegister(deps: DataCommandDeps): (program: Command) => void {
  return (program) => {
    const data = program.command('data').description('Market data kept in the store.');
    const update = data
      .command('update')
      .description('Fetch the latest daily history from the public sources (Cboe, FRED, Stooq), validate it and add the new rows to the store in one transaction.')
      .option('--source <name=url>', 'override a source URL (repeatable); names: spx, vix, vix9d, vix3m, vix6m, vvix, skew, tbill, vx (vx: a template with {expiry})', (v: string, acc: string[]) => [...acc, v], [] as string[])
      .option('--only <names>', 'update only these sources, comma-separated (e.g. vix,vvix,skew)')
      .option('--timeout <seconds>', 'per-request timeout in seconds', '30')
      .option('--json', 'print only JSON: [{name, rowsAdded, lastDate, revised}]');
    addHomeOption(update)
      .addHelpText(
        'after',
        `
Sources are read from --source, else <home>/${SOURCES_FILE} ({"vix": "https://…"}), else the official URLs.
All sources are fetched and validated first; then one transaction adds the rows dated after the last
date already held (embedded or stored). Any failure exits 2 with "alvh: source NAME: …" and changes nothing.

Example:
  $ alvh data update --home /tmp/alvh --only vix --source vix=http://127.0.0.1:8000/VIX_History.csv --json`,
      )
      .action(async (opts: { source: string[]; only?: string; timeout: string; json?: boolean; home?: string }) => {
        const timeoutS = num('--timeout', opts.timeout);
        if (!(timeoutS > 0)) throw new InputError('--timeout', `must be > 0, got ${opts.timeout}`);
        const home = homeDir(opts.home);
        const all = resolveSources(parseSourceFlags(opts.source), readConfig(home));
        const only = opts.only?.split(',').map((x) => x.trim()).filter((x) => x !== '');
        for (const name of only ?? []) {
          if (!all.some((d) => d.name === name)) throw new InputError('--only', `unknown source "${name}" (sources: ${all.map((d) => d.name).join(', ')})`);
        }
        const defs = only === undefined ? all : all.filter((d) => only.includes(d.name));
        if (defs.length === 0) throw new InputError('--only', 'names no source');
        const stored = storedMarketRows(opts.home, deps.clock);
        const today = fromEpochDay(Math.floor(deps.clock.nowMs() / 86_400_000));
        const plans = await planUpdate(defs, heldSeries(stored, deps.dataDir ?? embeddedDataDir()), {
          today,
          timeoutMs: timeoutS * 1000,
          ...(deps.fetchImpl === undefined ? {} : { fetchImpl: deps.fetchImpl }),
        });
        withStore(opts.home, deps.clock, (store) =>
          writeMarketBatches(store, plans.filter((p) => p.rows.length > 0).map((p) => ({ series: p.series, storedLastDate: p.storedLastDate, rows: p.rows }))),
        );
        const out = plans.map((p) => ({ name: p.name, rowsAdded: p.rows.length, lastDate: p.lastDate, revised: p.revisions.length }));
        if (opts.json) {
          printJson(out);
          return;
        }
        for (const [i, p] of plans.entries()) {
          const o = out[i] as (typeof out)[number];
          const rev = p.revisions[0];
          const note = rev === undefined ? '' : `; ${o.revised} value(s) differ from the held history, not written (first: ${rev.date} ${rev.field} held ${rev.held}, source ${rev.fetched})`;
          process.stdout.write(`${o.name}: ${o.rowsAdded} row(s) added, last date ${o.lastDate ?? 'none'}${note}\n`);
        }
      });
  };
}

export const register = makeRegister({ clock: systemClock });
