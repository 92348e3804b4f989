import type { Command } from 'commander';

type Register = (program: Command) => void;

/**
 * Every command of the CLI, by name, loaded on demand: a run of one command imports only
 * that command's module (and what it needs), which keeps `alvh signal` from paying for
 * the web server, the report and the governance code at start-up.
 */
export const commandLoaders: Readonly<Record<string, () => Promise<Register>>> = {
  backtest: async () => (await import('./backtest.js')).register,
  signal: async () => (await import('./signal.js')).register,
  book: async () => (await import('./book.js')).register,
  size: async () => (await import('./size.js')).register,
  scenario: async () => (await import('./scenario.js')).register,
  serve: async () => (await import('./serve.js')).register,
  data: async () => (await import('./data.js')).register,
  policy: async () => (await import('./policy.js')).register,
  price: async () => (await import('./price.js')).register,
  iv: async () => (await import('./iv.js')).register,
  vix: async () => (await import('./vix.js')).register,
  indicators: async () => (await import('./indicators.js')).register,
  calibrate: async () => (await import('./calibrate.js')).register,
  parity: async () => (await import('./parity.js')).register,
  research: async () => (await import('./research.js')).register,
  chains: async () => (await import('./chains.js')).register,
};

/** The command a command line runs: its first word when that is a command's name, else null (help, version, a typo). */
export function commandOf(args: readonly string[]): string | null {
  const first = args[0];
  return first !== undefined && Object.hasOwn(commandLoaders, first) ? first : null;
}

/** The register functions to load for `args`: the one command named, none for the version, or every command (for help and errors). */
export async function loadCommands(args: readonly string[]): Promise<Register[]> {
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) return [];
  const one = commandOf(args);
  const names = one === null ? Object.keys(commandLoaders) : [one];
  return Promise.all(names.map((n) => (commandLoaders[n] as () => Promise<Register>)()));
}
