/**
 * One unit of sweep work, as a worker thread or a queue worker runs it: a batch of variants
 * over one data directory and one backtest range. Plain data in and out (it crosses thread
 * and machine boundaries). The market data are loaded once per process and directory.
 */
import type { IsoDate } from '../../core/time.js';
import type { MarketData } from '../../market/types.js';
import { CsvMarketDataSource } from '../../adapters/csvMarketData.js';
import { DEFAULT_COST_MODEL } from '../../portfolio/costs.js';
import { DEFAULT_CALIBRATION } from '../../portfolio/marketModel.js';
import { evaluateVariants, type VariantResult, type VariantTask } from '../../research/sweep.js';
import { loadEmbeddedDataCached } from '../engineInputs.js';

export interface BatchJob {
  /** A data directory with the embedded layout; the embedded data when absent. */
  readonly dataDir?: string;
  readonly from?: IsoDate;
  readonly to?: IsoDate;
  readonly notional: number;
  readonly tasks: readonly VariantTask[];
}

const loaded = new Map<string, MarketData>();

function dataOf(dir: string | undefined): MarketData {
  if (dir === undefined) return loadEmbeddedDataCached();
  const hit = loaded.get(dir);
  if (hit !== undefined) return hit;
  const data = new CsvMarketDataSource(dir).load();
  loaded.set(dir, data);
  return data;
}

export function runBatch(job: BatchJob): VariantResult[] {
  const settings = {
    ...(job.from === undefined ? {} : { from: job.from }),
    ...(job.to === undefined ? {} : { to: job.to }),
    notional: job.notional,
    costs: DEFAULT_COST_MODEL,
    calib: DEFAULT_CALIBRATION,
  };
  return evaluateVariants(dataOf(job.dataDir), settings, job.tasks);
}
