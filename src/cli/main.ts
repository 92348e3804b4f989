/**
 * The composition root: the only place that wires I/O to the engine. Every command lives
 * in cli/commands/<name>.ts and exports `register(program)`.
 */
import { Command, CommanderError } from 'commander';
import { DomainError, RefusedError } from '../core/errors.js';
import { ALVH_VERSION } from '../core/version.js';
import { loadCommands } from './commands/index.js';
import { checkPathFlags } from './io.js';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;

/** The program with the commands `args` (the words after `alvh`) needs: one command, or all for help. */
export async function buildProgram(args: readonly string[] = []): Promise<Command> {
  const program = new Command('alvh')
    .description('Daily SPX iron condor with an adaptive, layered VIX hedge: signal, backtester and options analytics.')
    .version(ALVH_VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const register of await loadCommands(args)) register(program);
  // Every path flag is checked before any command runs (exit 2 naming the flag).
  program.hook('preAction', async (_program, action) => {
    const homeOf = action.options.some((o) => o.long === '--home') ? (await import('./homePath.js')).homeDir : undefined;
    checkPathFlags(action, homeOf);
  });
  program.commands.forEach((c) => c.exitOverride());
  return program;
}

/** Runs the CLI and returns the process exit code (never calls process.exit itself). */
export async function main(argv: readonly string[]): Promise<number> {
  const program = await buildProgram(argv.slice(2));
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT_OK;
  } catch (err) {
    return reportError(err);
  }
}

export function reportError(err: unknown): number {
  if (err instanceof CommanderError) {
    // --help and --version end through here with exit code 0.
    if (err.exitCode === 0) return EXIT_OK;
    return EXIT_BAD_INPUT; // commander has already printed its one-line message
  }
  if (err instanceof DomainError) {
    process.stderr.write(`alvh: ${oneLine(err.message)}\n`);
    if (err instanceof RefusedError) return err.exitCode;
    return err.code === 'invariant' ? EXIT_FAILURE : EXIT_BAD_INPUT;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`alvh: internal error: ${oneLine(message)}\n`);
  return EXIT_FAILURE;
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ');
}
