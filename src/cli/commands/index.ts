import type { Command } from 'commander';
import { register as iv } from './iv.js';
import { register as policy } from './policy.js';
import { register as price } from './price.js';

/** Every command of the CLI; each module adds itself to the program. */
export const commands: ReadonlyArray<(program: Command) => void> = [price, iv, policy];
