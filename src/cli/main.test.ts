import { describe, expect, it } from 'vitest';
import { commandLoaders, commandOf, loadCommands } from './commands/index.js';
import { buildProgram } from './main.js';
import { runCli } from './testing/run.js';

describe('cli', () => {
  it('exits 0 on --help and 2 on an unknown command', async () => {
    expect((await runCli(['--help'])).code).toBe(0);
    expect((await runCli(['no-such-command'])).code).toBe(2);
  });

  it('loads only the command a command line names, and every command for help or a typo', async () => {
    expect(commandOf(['signal', '--json'])).toBe('signal');
    expect(commandOf(['--help']), 'an option first: no command').toBeNull();
    expect(commandOf(['help', 'signal']), 'commander help: load all').toBeNull();
    expect(commandOf(['toString']), 'not an inherited property').toBeNull();
    expect(await loadCommands(['price'])).toHaveLength(1);
    expect(await loadCommands(['--version']), 'the version needs no command').toHaveLength(0);
    const all = await buildProgram([]);
    expect(all.commands.map((c) => c.name()).sort()).toEqual(Object.keys(commandLoaders).sort());
    const one = await buildProgram(['vix', '--help']);
    expect(one.commands.map((c) => c.name())).toEqual(['vix']);
  });

  it('lists every command in the top-level help', async () => {
    const r = await runCli(['--help']);
    for (const name of Object.keys(commandLoaders)) expect(r.out, name).toContain(`  ${name}`);
  });
});

describe('version', () => {
  it('is package.json\'s', async () => {
    const { readFileSync } = await import('node:fs');
    const { ALVH_VERSION } = await import('../core/version.js');
    expect(ALVH_VERSION).toBe((JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version);
    expect((await runCli(['--version'])).out.trim()).toBe(ALVH_VERSION);
  });
});
