import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { signingMessage, GovernanceRefusal } from '../core/governance.js';
import type { Clock } from '../core/time.js';
import { listAudit, verifyAudit } from './audit.js';
import { generateKeyPair, parsePrivateKey, parsePublicKey, signMessage, verifySignature, type SigningKey } from './crypto.js';
import { closeStore, openStore, type Store } from './db.js';
import {
  addSignature,
  applyProposal,
  getProposal,
  governanceStatus,
  initGovernance,
  listPolicyVersions,
  proposePolicy,
  signProposal,
  verifyGovernance,
} from './governance.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function clock(): Clock {
  let t = 1_800_000_000_000;
  return { nowMs: () => (t += 1000) };
}
function newStore(): Store {
  const d = mkdtempSync(join(tmpdir(), 'alvh-gov-'));
  dirs.push(d);
  return openStore(join(d, 'alvh.sqlite'), clock());
}
function key(): SigningKey {
  return parsePrivateKey(generateKeyPair().privateKeyPem);
}
function refusal(fn: () => unknown): GovernanceRefusal {
  try {
    fn();
  } catch (err) {
    if (err instanceof GovernanceRefusal) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

/** A 2-of-3 store with one proposal. */
function setup(): { store: Store; keys: SigningKey[]; id: string } {
  const store = newStore();
  const keys = [key(), key(), key()];
  initGovernance(store, keys.map((k) => k.publicKey), 2);
  const { id } = proposePolicy(store, { regime: { low: 15, high: 25 }, bands: { low: [0.06, 0.08] } });
  return { store, keys, id };
}
const [a, b, c] = [0, 1, 2];

describe('Ed25519 keys', () => {
  it('round-trips keys and rejects malformed ones', () => {
    const k = key();
    expect(k.publicKey).toMatch(/^ed25519:[A-Za-z0-9+/]{43}=$/);
    expect(parsePublicKey(k.publicKey.slice('ed25519:'.length)), 'bare base64 is accepted').toBe(k.publicKey);
    expect(() => parsePublicKey('ed25519:AAAA', '--approvers[2]')).toThrow(/--approvers\[2\]: expected an Ed25519 public key/);
    const sig = signMessage(k, 'hello');
    expect(verifySignature(k.publicKey, 'hello', sig)).toBe(true);
    expect(verifySignature(k.publicKey, 'hellO', sig)).toBe(false);
    expect(verifySignature(k.publicKey, 'hello', 'not base64')).toBe(false);
    expect(() => parsePrivateKey('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n')).toThrow(/--key: not a PEM private key/);
  });
});

describe('policy governance', () => {
  it('applies a proposal signed by k of n approvers, in one transaction with its audit entry', () => {
    const { store, keys, id } = setup();
    expect(governanceStatus(store)).toMatchObject({ version: 0, threshold: 2, policy: null });
    signProposal(store, id, keys[a] as SigningKey);
    expect(signProposal(store, id.slice(0, 10), keys[a] as SigningKey).status, 'signing twice is idempotent (Ed25519 is deterministic)').toBe('existing');
    signProposal(store, id, keys[c] as SigningKey);
    const applied = applyProposal(store, id);
    expect(applied.version).toBe(1);
    expect(applied.signers).toEqual([keys[a]?.publicKey, keys[c]?.publicKey].sort());
    const status = governanceStatus(store);
    expect(status).toMatchObject({ version: 1, head: id, policy: { regime: { low: 15, high: 25 }, bands: { low: [0.06, 0.08] } } });
    expect(listAudit(store).map((e) => e.action)).toEqual(['policy.init', 'policy.apply']);
    expect(listPolicyVersions(store).map((v) => [v.version, v.auditSeq])).toEqual([[1, 2]]);
    const verdict = verifyGovernance(store);
    expect(verdict.ok && verdict.summary.governance?.version).toBe(1);
    closeStore(store);
  });

  it('refuses below the threshold: "2 of 3 required signatures, have 1"', () => {
    const { store, keys, id } = setup();
    expect(refusal(() => applyProposal(store, id)).message).toBe('insufficient: 2 of 3 required signatures, have 0');
    signProposal(store, id, keys[b] as SigningKey);
    const r = refusal(() => applyProposal(store, id));
    expect(r.reason).toBe('insufficient');
    expect(r.message).toBe('insufficient: 2 of 3 required signatures, have 1');
    expect(governanceStatus(store)?.version, 'nothing applied').toBe(0);
    expect(listAudit(store), 'a refusal writes nothing').toHaveLength(1);
    closeStore(store);
  });

  it('refuses on entry a signature by a non-approver, a forged and a replayed one, storing nothing', () => {
    const { store, keys, id } = setup();
    const outsider = key();
    expect(refusal(() => signProposal(store, id, outsider)).reason, 'an outsider cannot sign through the CLI path').toBe('not_approver');
    const p = getProposal(store, id);
    const outsiderSig = { publicKey: outsider.publicKey, signature: signMessage(outsider, signingMessage(p.canonical)) };
    expect(refusal(() => addSignature(store, id, outsiderSig))).toMatchObject({ reason: 'not_approver', message: expect.stringMatching(/is not a registered approver; nothing stored$/) });

    const good = signMessage(keys[a] as SigningKey, signingMessage(p.canonical));
    const bytes = Buffer.from(good, 'base64');
    bytes[10] = (bytes[10] ?? 0) ^ 0x01;
    const flipped = { publicKey: keys[a]?.publicKey ?? '', signature: bytes.toString('base64') };
    expect(refusal(() => addSignature(store, id, flipped))).toMatchObject({ reason: 'forged', message: expect.stringMatching(/does not verify for proposal/) });

    const other = proposePolicy(store, { regime: { low: 13, high: 27 } });
    const copied = { publicKey: keys[b]?.publicKey ?? '', signature: signMessage(keys[b] as SigningKey, signingMessage(other.canonical)) };
    expect(refusal(() => addSignature(store, id, copied))).toMatchObject({ reason: 'replayed', message: expect.stringContaining(`made for proposal ${other.id}`) });
    expect(getProposal(store, id).signatures, 'nothing was stored').toEqual([]);

    // The genuine approver's own signature is accepted after the forged one was refused.
    expect(addSignature(store, id, { publicKey: keys[a]?.publicKey ?? '', signature: good }).status).toBe('added');
    signProposal(store, id, keys[b] as SigningKey);
    expect(applyProposal(store, id).version, 'two valid approvers apply after junk was refused').toBe(1);
    closeStore(store);
  });

  it('a junk signature already in the store (written before checks on entry) never blocks a proposal', () => {
    const { store, keys, id } = setup();
    const junk = Buffer.alloc(64, 7).toString('base64');
    const put = store.db.prepare('INSERT INTO signatures (proposal_id, public_key, signature, created_at_ms) VALUES (?, ?, ?, 0)');
    put.run(id, key().publicKey, junk); // an outsider's
    put.run(id, keys[a]?.publicKey, junk); // forged under approver a's key
    signProposal(store, id, keys[b] as SigningKey);
    expect(refusal(() => applyProposal(store, id)).message, 'short of valid signatures: the first junk one is named').toMatch(/^forged: signature \d: .*have 1 valid$/);
    expect(signProposal(store, id, keys[a] as SigningKey).status, "the approver's genuine signature replaces the junk under its key").toBe('added');
    const applied = applyProposal(store, id);
    expect(applied.signers).toEqual([keys[a]?.publicKey, keys[b]?.publicKey].sort());
    expect(listAudit(store)[1]?.signatures.map((s) => s.publicKey).sort(), 'the audit entry records only the signatures that counted').toEqual(applied.signers);
    expect(verifyGovernance(store).ok).toBe(true);
    closeStore(store);
  });

  it('refuses replays: applying twice, signatures copied onto another proposal', () => {
    const { store, keys, id } = setup();
    signProposal(store, id, keys[a] as SigningKey);
    signProposal(store, id, keys[b] as SigningKey);
    applyProposal(store, id);
    expect(refusal(() => applyProposal(store, id))).toMatchObject({ reason: 'replayed', message: expect.stringMatching(/already been applied/) });

    const next = proposePolicy(store, { regime: { low: 14, high: 26 } });
    expect(next.version).toBe(2);
    for (const s of getProposal(store, id).signatures) {
      expect(refusal(() => addSignature(store, next.id, s))).toMatchObject({ reason: 'replayed', message: expect.stringContaining(`made for proposal ${id}`) });
    }
    expect(refusal(() => applyProposal(store, next.id)).reason).toBe('insufficient');
    expect(governanceStatus(store)?.version).toBe(1);
    closeStore(store);
  });

  it('refuses a stale proposal whose parent is no longer live', () => {
    const { store, keys, id } = setup();
    const rival = proposePolicy(store, { regime: { low: 16, high: 24 } });
    expect(rival.parent, 'both proposals build on version 0').toBe(getProposal(store, id).parent);
    for (const p of [id, rival.id]) for (const k of [keys[a], keys[b]]) signProposal(store, p, k as SigningKey);
    applyProposal(store, rival.id);
    expect(refusal(() => applyProposal(store, id))).toMatchObject({ reason: 'stale', message: expect.stringMatching(/live version is 1/) });
    closeStore(store);
  });

  it('refuses a second init and an invalid approver set', () => {
    const { store, keys } = setup();
    expect(refusal(() => initGovernance(store, keys.map((k) => k.publicKey), 1)).reason).toBe('already_initialized');
    const fresh = newStore();
    expect(() => initGovernance(fresh, keys.map((k) => k.publicKey), 4)).toThrow(/--threshold: threshold must be a whole number from 1 to 3, got 4/);
    expect(() => initGovernance(fresh, [keys[a]?.publicKey ?? '', keys[a]?.publicKey ?? ''], 1)).toThrow(/--approvers: approver keys must be distinct/);
    expect(refusal(() => proposePolicy(fresh, {})).reason).toBe('not_initialized');
    closeStore(store);
    closeStore(fresh);
  });

  it('validates the policy with the injected validator at propose and at apply', () => {
    const { store, keys } = setup();
    const validate = (p: unknown): unknown => {
      if (typeof p !== 'object' || p === null || !('regime' in p)) throw new Error('regime is required');
      return { ...p, basis: 'deltaNotional' };
    };
    expect(() => proposePolicy(store, { bands: {} }, validate)).toThrow(/--file: invalid policy: regime is required/);
    const p = proposePolicy(store, { regime: {} }, validate);
    expect(p.body.policy, 'the normalized policy is what gets signed').toEqual({ regime: {}, basis: 'deltaNotional' });
    signProposal(store, p.id, keys[a] as SigningKey);
    signProposal(store, p.id, keys[b] as SigningKey);
    expect(refusal(() => applyProposal(store, p.id, () => { throw new Error('engine v2 rejects it'); })).reason).toBe('invalid');
    expect(applyProposal(store, p.id, validate).version).toBe(1);
    closeStore(store);
  });

  it('detects a tampered audit log (trigger dropped, row edited) and tables that disagree with it', () => {
    const { store, keys, id } = setup();
    signProposal(store, id, keys[a] as SigningKey);
    signProposal(store, id, keys[b] as SigningKey);
    applyProposal(store, id);
    expect(verifyGovernance(store).ok).toBe(true);
    store.db.exec('DROP TRIGGER audit_log_no_update');
    const entry = listAudit(store)[1];
    store.db.prepare('UPDATE audit_log SET payload = ? WHERE seq = 2').run(entry?.payload.replace('"low":15', '"low":10'));
    expect(verifyAudit(store)).toMatchObject({ ok: false, seq: 2, message: 'audit entry 2: payload does not match its hash' });
    store.db.prepare('UPDATE audit_log SET payload = ? WHERE seq = 2').run(entry?.payload);
    expect(verifyAudit(store).ok, 'restored').toBe(true);

    store.db.exec('DROP TRIGGER policy_versions_no_update');
    store.db.prepare(`UPDATE policy_versions SET policy = '{"regime":{"low":10}}'`).run();
    expect(verifyGovernance(store)).toMatchObject({ ok: false, message: expect.stringMatching(/live policy differs/) });
    closeStore(store);
  });
});
