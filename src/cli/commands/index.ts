import type { Command } from 'commander';
import { register as backtest } from './backtest.js';
import { register as calibrate } from './calibrate.js';
import { register as data } from './data.js';
import { register as indicators } from './indicators.js';
import { register as iv } from './iv.js';
import { register as parity } from './parity.js';
import { register as policy } from './policy.js';
import { register as price } from './price.js';
import { register as scenario } from './scenario.js';
import { register as serve } from './serve.js';
import { register as signal } from './signal.js';
import { register as size } from './size.js';
import { register as vix } from './vix.js';

/** Every command of the CLI; each module adds itself to the program. */
export const commands: ReadonlyArray<(program: Command) => void> = [
  backtest, signal, size, scenario, serve, data, policy, price, iv, vix, indicators, calibrate, parity,
];
