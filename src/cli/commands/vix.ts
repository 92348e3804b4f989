/** `alvh vix`: the Cboe VIX methodology on a chain CSV (DESIGN §6). */
import type { Command } from 'commander';
import { DataError, InputError } from '../../core/errors.js';
import { parseInstantMs } from '../../core/time.js';
import { modelFreeVariance, type OptionQuote, type VarianceChain } from '../../pricing/modelFreeVariance.js';
import type { OptionType } from '../../pricing/types.js';
import { columnIndex, numberCell, readCsvTable } from '../csvTable.js';
import { printJson } from '../io.js';
import { num } from '../options.js';

const COLUMNS = ['expiration', 'strike', 'type', 'bid', 'ask', 'rate'] as const;

/** Parses a chain CSV; bad rows throw a DataError naming file:line and the field. */
export function readChainCsv(file: string): VarianceChain {
  const table = readCsvTable(file, '--chain');
  const [cExp, cStrike, cType, cBid, cAsk, cRate] = COLUMNS.map((c) => columnIndex(table, c)) as [number, number, number, number, number, number];
  const quotes: OptionQuote[] = [];
  const rates = new Map<number, number>();
  const seen = new Map<string, number>();
  for (const row of table.rows) {
    const where = `${file}:${row.line}`;
    const expRaw = row.cells[cExp] ?? '';
    let expirationMs: number;
    try {
      expirationMs = parseInstantMs(expRaw, 'expiration');
    } catch {
      throw new DataError(where, `expiration: expected an ISO 8601 instant with offset (e.g. 2026-02-27T16:00:00-05:00), got "${expRaw}"`);
    }
    const strike = numberCell(table, row, cStrike);
    if (!(strike > 0)) throw new DataError(where, `strike: must be > 0, got ${strike}`);
    const typeRaw = (row.cells[cType] ?? '').toLowerCase();
    if (typeRaw !== 'call' && typeRaw !== 'put') throw new DataError(where, `type: must be call or put, got "${row.cells[cType] ?? ''}"`);
    const bid = numberCell(table, row, cBid);
    const ask = numberCell(table, row, cAsk);
    if (bid < 0) throw new DataError(where, `bid: must be >= 0, got ${bid}`);
    if (ask < bid) throw new DataError(where, `ask: must be >= bid (${bid}), got ${ask}`);
    const rate = numberCell(table, row, cRate);
    if (Math.abs(rate) > 1) throw new DataError(where, `rate: must be a fraction (0.05 = 5%), got ${rate}`);
    const known = rates.get(expirationMs);
    if (known === undefined) rates.set(expirationMs, rate);
    else if (known !== rate) throw new DataError(where, `rate: ${rate} differs from ${known} given earlier for the same expiration`);
    const key = `${expirationMs}|${strike}|${typeRaw}`;
    const dup = seen.get(key);
    if (dup !== undefined) throw new DataError(where, `strike: duplicate ${typeRaw} ${strike} for this expiration (first on line ${dup})`);
    seen.set(key, row.line);
    quotes.push({ expirationMs, strike, type: typeRaw as OptionType, bid, ask });
  }
  if (quotes.length === 0) throw new DataError(file, 'no option rows');
  return { quotes, rateFracByExpiry: rates };
}

export function register(program: Command): void {
  program
    .command('vix')
    .description('Cboe VIX-methodology model-free implied volatility of an option chain CSV (columns expiration,strike,type,bid,ask,rate).')
    .requiredOption('--chain <file>', 'chain CSV: expiration (ISO instant with offset, the settlement time), strike, type (call|put), bid, ask, rate (continuous fraction)')
    .requiredOption('--as-of <instant>', 'calculation instant, ISO 8601 with offset, e.g. 2026-01-30T16:00:00-05:00')
    .option('--days <n>', 'target tenor in calendar days (30 = VIX, 9 = VIX9D, 1 = VIX1D)', '30')
    .option('--json', 'print only JSON: {vix, terms: [{expiration, years, forward, k0, sigma2, strikesUsed}]}')
    .addHelpText(
      'after',
      '\nExample:\n  alvh vix --chain src/pricing/fixtures/vix_white_paper_example.csv --as-of 2014-05-05T09:46:00-05:00 --json',
    )
    .action((opts: { chain: string; asOf: string; days: string; json?: boolean }) => {
      const asOfMs = parseInstantMs(opts.asOf, '--as-of');
      const days = num('--days', opts.days);
      if (!(days > 0)) throw new InputError('--days', `must be > 0, got ${days}`);
      const chain = readChainCsv(opts.chain);
      const result = modelFreeVariance(chain, asOfMs, { days });
      const terms = result.terms.map((t) => ({
        expiration: new Date(t.expirationMs).toISOString(),
        years: t.years,
        forward: t.forward,
        k0: t.k0,
        sigma2: t.sigma2,
        strikesUsed: t.strikesUsed,
      }));
      if (opts.json) {
        printJson({ vix: result.vix, terms });
        return;
      }
      const lines = [`${days}-day model-free implied volatility (Cboe VIX method): ${result.vix.toFixed(2)}`];
      for (const t of terms) {
        lines.push(
          `  ${t.expiration}  T=${t.years.toFixed(7)}y  F=${t.forward.toFixed(5)}  K0=${t.k0}  sigma2=${t.sigma2.toFixed(9)}  strikes=${t.strikesUsed}`,
        );
      }
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
