/** The data-source port: CSV files, SQLite or HTTP sources implement it (DESIGN §4). */
import type { MarketData } from './types.js';

export interface MarketDataSource {
  /** Loads and validates everything; throws DataError('file:line', …) and returns nothing partial. */
  load(): MarketData;
}
