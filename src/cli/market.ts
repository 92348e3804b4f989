/** The market data a command sees: the embedded dataset with the store's updates laid over it. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { MarketData } from '../market/types.js';
import { loadEmbeddedData } from './engineInputs.js';
import { CsvMarketDataSource, embeddedDataDir, readSeriesRows } from '../adapters/csvMarketData.js';
import { overlayMarketData, OverlayMarketDataSource } from '../adapters/overlay.js';
import type { HeldSeries } from '../adapters/update.js';
import type { Clock } from '../core/time.js';
import type { MarketRow, SeriesKey } from '../market/marketRows.js';
import type { MarketDataSource } from '../market/port.js';
import { readMarketRows, storePath, type Store } from '../store/index.js';
import { homeDir, withStore } from './home.js';

/** The store's market rows under `--home` (none when the store does not exist yet: nothing is created). */
export function storedMarketRows(homeFlag: string | undefined, clock: Clock): MarketRow[] {
  if (!existsSync(storePath(homeDir(homeFlag)))) return [];
  return withStore(homeFlag, clock, readMarketRows);
}

/**
 * The market data a store-backed command sees: the embedded data with the rows `alvh data
 * update` stored under `--home` laid over it. The embedded part is read through the parsed
 * copy in `HOME/cache` when the home exists, or always with `writesHome` (a command that
 * creates the home anyway); a read-only command never creates a home of its own. With
 * `store`, the rows are read from that open store.
 */
export function homeMarketData(homeFlag: string | undefined, clock: Clock, opts: { writesHome?: boolean; store?: Store } = {}): MarketData {
  const home = homeDir(homeFlag);
  const useCache = opts.writesHome === true || existsSync(home);
  const embedded = { load: () => loadEmbeddedData(useCache ? join(home, 'cache') : undefined) };
  // A caller holding the store open (the dashboard) reads the rows through it.
  if (opts.store !== undefined) return overlayMarketData(embedded.load(), readMarketRows(opts.store));
  return marketDataSource(homeFlag, clock, embedded).load();
}

/** Embedded data + the updates stored under `--home`, as one MarketDataSource. */
export function marketDataSource(homeFlag: string | undefined, clock: Clock, base: MarketDataSource = new CsvMarketDataSource()): MarketDataSource {
  const rows = storedMarketRows(homeFlag, clock);
  return new OverlayMarketDataSource(base, () => rows);
}

/** The embedded files do not change while the process runs: each series is read once. */
const embeddedRows = new Map<string, readonly MarketRow[]>();

function embeddedSeries(series: SeriesKey, dataDir: string): readonly MarketRow[] {
  const key = `${dataDir}|${series}`;
  let rows = embeddedRows.get(key);
  if (rows === undefined) {
    rows = readSeriesRows(series, dataDir);
    embeddedRows.set(key, rows);
  }
  return rows;
}

/** What is held for each series: the embedded rows followed by the stored ones. */
export function heldSeries(stored: readonly MarketRow[], dataDir: string = embeddedDataDir()): (series: SeriesKey) => HeldSeries {
  return (series) => {
    const mine = stored.filter((r) => r.series === series);
    return { rows: [...embeddedSeries(series, dataDir), ...mine], stored: mine };
  };
}
