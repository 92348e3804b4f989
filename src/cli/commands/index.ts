import type { Command } from 'commander';

/** Every command of the CLI; each module adds itself to the program. */
export const commands: ReadonlyArray<(program: Command) => void> = [];
