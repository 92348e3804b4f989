import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/time.js';
import { closeStore, openStore } from '../../store/index.js';
import { runCli } from '../testing/run.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const run = (...args: string[]) => runCli(args);

function workspace(): { dir: string; home: string } {
  const dir = mkdtempSync(join(tmpdir(), 'alvh-cli-'));
  dirs.push(dir);
  return { dir, home: join(dir, 'home') };
}

async function keygen(dir: string, name: string): Promise<string> {
  const r = await run('policy', 'keygen', '--out', join(dir, `${name}.pem`));
  expect(r.code, r.err).toBe(0);
  return r.out.trim();
}

describe('alvh policy', () => {
  it('keygen writes a 0600 PKCS#8 key, prints one public key line, and never overwrites', async () => {
    const { dir } = workspace();
    const pub = await keygen(dir, 'alice');
    expect(pub, 'one line: ed25519:<base64 of 32 bytes>').toMatch(/^ed25519:[A-Za-z0-9+/]{43}=$/);
    const file = join(dir, 'alice.pem');
    expect(statSync(file).mode & 0o777, 'private key file mode').toBe(0o600);
    expect(readFileSync(file, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const again = await run('policy', 'keygen', '--out', file);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/^alvh: --out: .*already exists; refusing to overwrite/);
    expect(readFileSync(file, 'utf8'), 'the existing key is untouched').toMatch(/PRIVATE KEY/);
  });

  it('runs the 2-of-3 workflow and refuses insufficient and replayed applies with exit 2', async () => {
    const { dir, home } = workspace();
    const [a, b, c] = [await keygen(dir, 'a'), await keygen(dir, 'b'), await keygen(dir, 'c')];
    const init = await run('policy', 'init', '--home', home, '--approvers', `${a},${b},${c}`, '--threshold', '2');
    expect(init.code, init.err).toBe(0);
    expect(init.out).toMatch(/^initialized: 2 of 3 approvers must sign; init id [0-9a-f]{64}\n$/);
    expect((await run('policy', 'init', '--home', home, '--approvers', a, '--threshold', '1')).err).toMatch(/already_initialized/);

    const policyFile = join(dir, 'policy.json');
    writeFileSync(policyFile, JSON.stringify({ kind: 'alvh', bands: { low: { lo: 0.05, hi: 0.07 } } }, null, 2));
    const proposed = await run('policy', 'propose', '--home', home, '--file', policyFile);
    expect(proposed.out, 'the proposal id on one line').toMatch(/^[0-9a-f]{64}\n$/);
    const id = proposed.out.trim();
    const rival = (await run('policy', 'propose', '--home', home, '--file', policyFile, '--json')).out;
    expect(JSON.parse(rival), 'proposing the same policy again gives the same id').toEqual({ id, version: 1, parent: expect.stringMatching(/^[0-9a-f]{64}$/), created: false });

    expect((await run('policy', 'sign', '--home', home, '--proposal', id, '--key', join(dir, 'a.pem'))).code).toBe(0);
    const short = await run('policy', 'apply', '--home', home, '--proposal', id);
    expect(short).toMatchObject({ code: 2, err: 'alvh: insufficient: 2 of 3 required signatures, have 1\n' });

    const sigFile = join(dir, 'c.sig.json');
    const signed = await run('policy', 'sign', '--home', home, '--proposal', id.slice(0, 12), '--key', join(dir, 'c.pem'), '--out', sigFile, '--json');
    expect(JSON.parse(signed.out)).toMatchObject({ proposal: id, publicKey: c });
    const applied = await run('policy', 'apply', '--home', home, '--proposal', id, '--json');
    expect(applied.code, applied.err).toBe(0);
    expect(JSON.parse(applied.out)).toEqual({ version: 1, id, signers: [a, c].sort(), auditSeq: 2 });
    expect((await run('policy', 'apply', '--home', home, '--proposal', id)).err).toMatch(/^alvh: replayed: proposal [0-9a-f]{64} has already been applied\n$/);

    // A new proposal with c's signature of the old one copied onto it: replayed.
    writeFileSync(policyFile, JSON.stringify({ kind: 'static10' }));
    const id2 = (await run('policy', 'propose', '--home', home, '--file', policyFile)).out.trim();
    const copied = { ...JSON.parse(readFileSync(sigFile, 'utf8')), proposal: id2 };
    writeFileSync(sigFile, JSON.stringify(copied));
    const replay = await run('policy', 'attach', '--home', home, '--signature', sigFile);
    expect(replay.code, 'a replayed signature is refused on entry').toBe(2);
    expect(replay.err).toContain(`replayed: the signature by ${c.slice(0, 20)}… was made for proposal ${id}`);
    await run('policy', 'sign', '--home', home, '--proposal', id2, '--key', join(dir, 'b.pem'));

    const show = JSON.parse((await run('policy', 'show', '--home', home, '--json')).out);
    expect(show).toMatchObject({ initialized: true, version: 1, id, threshold: 2, approvers: [a, b, c], policy: { kind: 'alvh', bands: { low: { lo: 0.05, hi: 0.07 }, high: { lo: 0.25, hi: 0.35 } } } });
    expect(show.pending).toEqual([{ id: id2, version: 2, signatures: 1, stale: false }]);

    const verified = await run('policy', 'log', '--home', home, '--verify');
    expect(verified.code, verified.err).toBe(0);
    expect(verified.out).toMatch(/^1 .* policy\.init .*\n2 .* policy\.apply .*\nverified: 2 entries, chain head [0-9a-f]{64}\n$/);
  });

  it('attach and sign refuse a non-approver, a forged and a replayed signature (exit 2, nothing written); junk never blocks two valid approvers', async () => {
    const { dir, home } = workspace();
    const [a, b, c] = [await keygen(dir, 'a'), await keygen(dir, 'b'), await keygen(dir, 'c')];
    await keygen(dir, 'mallory');
    await run('policy', 'init', '--home', home, '--approvers', `${a},${b},${c}`, '--threshold', '2');
    const policyFile = join(dir, 'policy.json');
    writeFileSync(policyFile, '{"kind":"static10"}');
    const id = (await run('policy', 'propose', '--home', home, '--file', policyFile)).out.trim();
    writeFileSync(join(dir, 'other.json'), '{"kind":"none"}');
    const other = (await run('policy', 'propose', '--home', home, '--file', join(dir, 'other.json'))).out.trim();
    const exported = join(dir, 'proposal.json');
    const exportedOther = join(dir, 'other-proposal.json');
    await run('policy', 'export', '--home', home, '--proposal', id, '--out', exported);
    await run('policy', 'export', '--home', home, '--proposal', other, '--out', exportedOther);
    const offline = async (who: string, file: string): Promise<{ proposal: string; publicKey: string; signature: string }> => {
      const out = join(dir, `${who}-${file.length}.sig.json`);
      const r = await run('policy', 'sign', '--proposal-file', file, '--key', join(dir, `${who}.pem`), '--out', out);
      expect(r.code, r.err).toBe(0);
      return JSON.parse(readFileSync(out, 'utf8'));
    };
    const attach = async (sig: unknown): Promise<{ code: number; err: string }> => {
      const file = join(dir, 'attack.sig.json');
      writeFileSync(file, JSON.stringify(sig));
      return run('policy', 'attach', '--home', home, '--signature', file);
    };
    const pending = async (): Promise<number> => JSON.parse((await run('policy', 'show', '--home', home, '--json')).out).pending.find((p: { id: string }) => p.id === id).signatures;

    const byMallory = await offline('mallory', exported);
    expect(await attach(byMallory)).toMatchObject({ code: 2, err: expect.stringMatching(/^alvh: not_approver: ed25519:.* is not a registered approver; nothing stored\n$/) });
    const genuineA = await offline('a', exported);
    const forged = { ...genuineA, signature: (await offline('mallory', exported)).signature };
    expect(await attach(forged)).toMatchObject({ code: 2, err: expect.stringMatching(/^alvh: forged: the signature by .* does not verify for proposal/) });
    const replayed = { ...(await offline('b', exportedOther)), proposal: id };
    expect(await attach(replayed)).toMatchObject({ code: 2, err: expect.stringContaining(`replayed: the signature by ${b.slice(0, 20)}… was made for proposal ${other}`) });
    expect(await pending(), 'nothing was written by the refused attaches').toBe(0);
    const outsider = await run('policy', 'sign', '--home', home, '--proposal', id, '--key', join(dir, 'mallory.pem'));
    expect(outsider).toMatchObject({ code: 2, err: expect.stringMatching(/^alvh: not_approver: /) });

    const own = await attach(genuineA);
    expect(own.code, `the genuine approver's own signature is accepted after a forged one under its key: ${own.err}`).toBe(0);
    const short = await run('policy', 'apply', '--home', home, '--proposal', id);
    expect(short).toMatchObject({ code: 2, err: 'alvh: insufficient: 2 of 3 required signatures, have 1\n' });
    const again = await run('policy', 'propose', '--home', home, '--file', policyFile, '--json');
    expect(JSON.parse(again.out), 're-proposing after a refusal gives the same, still usable, proposal').toMatchObject({ id, created: false });
    expect((await run('policy', 'sign', '--home', home, '--proposal', id, '--key', join(dir, 'c.pem'))).code).toBe(0);
    const applied = await run('policy', 'apply', '--home', home, '--proposal', id, '--json');
    expect(applied.code, applied.err).toBe(0);
    expect(JSON.parse(applied.out)).toMatchObject({ version: 1, signers: [a, c].sort() });
    expect((await run('policy', 'log', '--home', home, '--verify')).code).toBe(0);
  });

  it('log --verify exits 2 naming the first bad entry of a tampered log', async () => {
    const { dir, home } = workspace();
    const a = await keygen(dir, 'a');
    await run('policy', 'init', '--home', home, '--approvers', a, '--threshold', '1');
    writeFileSync(join(dir, 'p.json'), '{"kind":"none"}');
    const id = (await run('policy', 'propose', '--home', home, '--file', join(dir, 'p.json'))).out.trim();
    await run('policy', 'sign', '--home', home, '--proposal', id, '--key', join(dir, 'a.pem'));
    expect((await run('policy', 'apply', '--home', home, '--proposal', id)).code).toBe(0);
    expect((await run('policy', 'log', '--home', home, '--verify', '--json')).out).toMatch(/"verified":true/);

    const store = openStore(join(home, 'alvh.sqlite'), systemClock);
    expect(() => store.db.prepare('UPDATE audit_log SET at_ms = at_ms + 1 WHERE seq = 1').run(), 'the trigger guards the log').toThrow(/append-only/);
    store.db.exec('DROP TRIGGER audit_log_no_update');
    store.db.prepare('UPDATE audit_log SET at_ms = at_ms + 1 WHERE seq = 1').run();
    closeStore(store);
    const bad = await run('policy', 'log', '--home', home, '--verify');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^alvh: .*alvh\.sqlite: audit entry 1: entry hash does not match its contents\n$/);
  });

  it('uses $ALVH_HOME when --home is absent, and every subcommand has --help with an example', async () => {
    const { dir, home } = workspace();
    const a = await keygen(dir, 'a');
    const saved = process.env['ALVH_HOME'];
    process.env['ALVH_HOME'] = home;
    try {
      expect((await run('policy', 'init', '--approvers', a, '--threshold', '1')).code).toBe(0);
    } finally {
      if (saved === undefined) delete process.env['ALVH_HOME'];
      else process.env['ALVH_HOME'] = saved;
    }
    expect(JSON.parse((await run('policy', 'show', '--home', home, '--json')).out), 'the store landed in $ALVH_HOME').toMatchObject({ initialized: true, threshold: 1 });
    for (const sub of ['keygen', 'init', 'propose', 'export', 'sign', 'attach', 'apply', 'show', 'log']) {
      const help = await run('policy', sub, '--help');
      expect(help.code, `${sub} --help`).toBe(0);
      expect(help.out, `${sub} --help shows an example`).toMatch(new RegExp(`Example:\\n  alvh policy ${sub}`));
    }
  });

  it('signs offline from an exported proposal, refuses an edited export, and applies attached signatures', async () => {
    const { dir, home } = workspace();
    const [a, b] = [await keygen(dir, 'a'), await keygen(dir, 'b')];
    await run('policy', 'init', '--home', home, '--approvers', `${a},${b}`, '--threshold', '2');
    writeFileSync(join(dir, 'p.yaml'), 'kind: vxth\n');
    const id = (await run('policy', 'propose', '--home', home, '--file', join(dir, 'p.yaml'))).out.trim();
    expect(id, 'a YAML policy file is accepted').toMatch(/^[0-9a-f]{64}$/);
    const exported = join(dir, 'proposal.json');
    expect((await run('policy', 'export', '--home', home, '--proposal', id, '--out', exported)).code).toBe(0);

    // Approvers sign the file on their own machines: no store involved.
    for (const who of ['a', 'b']) {
      const r = await run('policy', 'sign', '--proposal-file', exported, '--key', join(dir, `${who}.pem`), '--out', join(dir, `${who}.sig.json`));
      expect(r.code, r.err).toBe(0);
    }
    const edited = JSON.parse(readFileSync(exported, 'utf8'));
    edited.proposal.policy.rebalanceBand = 0.5;
    writeFileSync(join(dir, 'edited.json'), JSON.stringify(edited));
    const refused = await run('policy', 'sign', '--proposal-file', join(dir, 'edited.json'), '--key', join(dir, 'a.pem'), '--out', join(dir, 'x.json'));
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/--proposal-file: the proposal does not match its id .*refusing to sign/);
    expect((await run('policy', 'sign', '--proposal-file', exported, '--key', join(dir, 'a.pem'))).err).toMatch(/--out: is required with --proposal-file/);

    for (const who of ['a', 'b']) expect((await run('policy', 'attach', '--home', home, '--signature', join(dir, `${who}.sig.json`))).code).toBe(0);
    const applied = await run('policy', 'apply', '--home', home, '--proposal', id);
    expect(applied.code, applied.err).toBe(0);
    expect(applied.out).toMatch(/^applied: version 1 is live/);
  });

  it('names the bad flag on bad input', async () => {
    const { dir, home } = workspace();
    const a = await keygen(dir, 'a');
    expect((await run('policy', 'init', '--home', home, '--approvers', a, '--threshold', '0')).err).toMatch(/^alvh: --threshold: must be a whole number >= 1/);
    expect((await run('policy', 'init', '--home', home, '--approvers', 'ed25519:nope', '--threshold', '1')).err).toMatch(/^alvh: --approvers\[1\]: expected an Ed25519 public key/);
    expect((await run('policy', 'propose', '--home', home, '--file', join(dir, 'missing.json'))).err).toMatch(/^alvh: --file: .*missing\.json does not exist\n$/);
    writeFileSync(join(dir, 'inverted.json'), '{"kind":"alvh","bands":{"high":{"lo":0.35,"hi":0.3}}}');
    const inverted = await run('policy', 'propose', '--home', home, '--file', join(dir, 'inverted.json'));
    expect(inverted.code, 'the engine policy schema is wired in').toBe(2);
    expect(inverted.err).toMatch(/^alvh: alvh\.bands\.high\.hi: must be >= lo/);
    writeFileSync(join(dir, 'bad.json'), '{"a":');
    expect((await run('policy', 'propose', '--home', home, '--file', join(dir, 'bad.json'))).err).toMatch(/^alvh: --file: not valid JSON/);
    expect((await run('policy', 'propose', '--home', home, '--file', join(dir, 'bad.json'))).code).toBe(2);
    expect((await run('policy', 'sign', '--home', home, '--proposal', 'xyz', '--key', join(dir, 'a.pem'))).err).toMatch(/not_initialized|--proposal/);
    expect((await run('policy', 'show', '--home', home, '--json')).out).toBe('{"initialized":false}\n');
    expect((await run('policy', 'apply', '--home', home)).code, 'a missing required flag').toBe(2);
  });
});
