import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical.js';
import {
  ACTION_APPLY,
  ACTION_INIT,
  GENESIS_HASH,
  checkApproverSet,
  decideApply,
  initId,
  proposalBody,
  proposalId,
  sealEntry,
  signingMessage,
  verifyChain,
  type AuditEntry,
  type GovernanceCrypto,
  type GovernanceState,
  type InitRecord,
  type SignatureRecord,
} from './governance.js';

// A stand-in signature scheme for the pure rules: "signature" = sha256(key + message).
// (Real Ed25519 is exercised in src/store/governance.test.ts.)
const sha = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');
const stub: GovernanceCrypto = { sha256Hex: sha, verify: (key, msg, sig) => sig === sha(key + msg) };
const sign = (key: string, canonical: string): SignatureRecord => ({ publicKey: key, signature: sha(key + signingMessage(canonical)) });

const keys = ['ed25519:A', 'ed25519:B', 'ed25519:C'];
const init: InitRecord = { kind: 'alvh.policy.init', approvers: keys, threshold: 2, createdAtMs: 1 };
const state0: GovernanceState = { approvers: keys, threshold: 2, head: initId(init, stub), version: 0 };

function propose(state: GovernanceState, policy: unknown): { id: string; canonical: string; body: ReturnType<typeof proposalBody> } {
  const body = proposalBody(state, policy);
  const canonical = canonicalJson(body);
  return { id: proposalId(canonical, stub), canonical, body };
}

const decide = (p: ReturnType<typeof propose>, signatures: SignatureRecord[], extra: Partial<Parameters<typeof decideApply>[0]> = {}) =>
  decideApply({ state: state0, proposal: p, alreadyApplied: false, signatures, otherProposals: [], ...extra }, stub);

describe('governance rules', () => {
  it('checks the approver set: 1 <= k <= n, distinct keys', () => {
    expect(checkApproverSet(keys, 2)).toBeNull();
    expect(checkApproverSet(keys, 4)).toMatch(/threshold must be a whole number from 1 to 3, got 4/);
    expect(checkApproverSet(keys, 0)).toMatch(/from 1 to 3/);
    expect(checkApproverSet(['k', 'k'], 1)).toMatch(/distinct/);
    expect(checkApproverSet([], 1)).toMatch(/at least one/);
  });

  it('accepts k distinct registered signers and counts a duplicate once', () => {
    const p = propose(state0, { bands: [0.06, 0.08] });
    expect(p.body).toEqual({ kind: 'alvh.policy.proposal', version: 1, parent: state0.head, policy: { bands: [0.06, 0.08] } });
    expect(decide(p, [sign('ed25519:A', p.canonical), sign('ed25519:C', p.canonical)])).toEqual({ status: 'accepted', signers: ['ed25519:A', 'ed25519:C'], ignored: 0 });
    const dup = decide(p, [sign('ed25519:A', p.canonical), sign('ed25519:A', p.canonical)]);
    expect(dup, 'the same approver twice is one signature').toMatchObject({ reason: 'insufficient', message: 'insufficient: 2 of 3 required signatures, have 1' });
  });

  it('ignores signatures that do not count, so junk never blocks k valid ones', () => {
    const p = propose(state0, { x: 1 });
    const q = propose(state0, { x: 2 });
    const junk = [
      sign('ed25519:Z', p.canonical), // not an approver
      { publicKey: 'ed25519:A', signature: sha('junk') }, // forged under a genuine approver's key
      sign('ed25519:B', q.canonical), // replayed from another proposal
    ];
    const valid = [sign('ed25519:A', p.canonical), sign('ed25519:B', p.canonical)];
    expect(decide(p, [...junk, ...valid], { otherProposals: [q] }), 'junk first, then two valid approvers').toEqual({
      status: 'accepted',
      signers: ['ed25519:A', 'ed25519:B'],
      ignored: 3,
    });
    expect(decide(p, [junk[0] as SignatureRecord, valid[0] as SignatureRecord])).toMatchObject({
      reason: 'forged',
      message: 'forged: signature 1: ed25519:Z is not a registered approver; 2 of 3 required signatures, have 1 valid',
    });
  });

  it('names the refusal: forged, replayed, stale', () => {
    const p = propose(state0, { x: 1 });
    const q = propose(state0, { x: 2 });
    expect(decide(p, [sign('ed25519:Z', p.canonical)])).toMatchObject({ reason: 'forged', message: expect.stringMatching(/not a registered approver/) });
    const flipped = { ...sign('ed25519:A', p.canonical), signature: sha('tampered') };
    expect(decide(p, [flipped])).toMatchObject({ reason: 'forged', message: expect.stringMatching(/does not verify/) });
    const copied = sign('ed25519:A', q.canonical);
    expect(decide(p, [copied], { otherProposals: [q] })).toMatchObject({ reason: 'replayed', message: expect.stringContaining(`made for proposal ${q.id}`) });
    expect(decide(p, [sign('ed25519:A', p.canonical), sign('ed25519:B', p.canonical)], { alreadyApplied: true })).toMatchObject({ reason: 'replayed' });
    const moved: GovernanceState = { ...state0, head: q.id, version: 1 };
    expect(
      decideApply({ state: moved, proposal: p, alreadyApplied: false, signatures: [sign('ed25519:A', p.canonical), sign('ed25519:B', p.canonical)], otherProposals: [] }, stub),
    ).toMatchObject({ reason: 'stale' });
  });

  it('verifies a chain and names the first bad entry', () => {
    const p = propose(state0, { x: 1 });
    const entries: AuditEntry[] = [];
    const add = (action: string, payload: unknown, signatures: SignatureRecord[] = []): void => {
      const prevHash = entries.at(-1)?.entryHash ?? GENESIS_HASH;
      entries.push(sealEntry({ seq: entries.length + 1, atMs: entries.length, action, payload: canonicalJson(payload), signatures, prevHash }, stub));
    };
    add(ACTION_INIT, init);
    add(ACTION_APPLY, { id: p.id, proposal: p.body }, [sign('ed25519:A', p.canonical), sign('ed25519:B', p.canonical)]);
    add('note', { hello: 'world' });
    const ok = verifyChain(entries, stub);
    expect(ok.ok && ok.summary.governance, 'replayed state').toMatchObject({ version: 1, head: p.id, policy: '{"x":1}', threshold: 2 });

    const at = (i: number): AuditEntry => entries[i] as AuditEntry;
    const cases: Array<[string, AuditEntry[], number, RegExp]> = [
      ['payload edited', [at(0), { ...at(1), payload: at(1).payload.replace('"x":1', '"x":2') }, at(2)], 2, /payload does not match its hash/],
      ['payload and its hash edited', [at(0), { ...at(1), payloadHash: sha('{}'), payload: '{}' }, at(2)], 2, /entry hash does not match/],
      ['row deleted', [at(0), at(2)], 3, /expected seq 2/],
      ['entry rehashed without the link', [at(0), sealEntry({ ...at(1), prevHash: GENESIS_HASH }, stub), at(2)], 2, /prev hash/],
      ['signature dropped and resealed', [at(0), sealEntry({ ...at(1), signatures: at(1).signatures.slice(0, 1) }, stub)], 2, /insufficient: 2 of 3 required signatures, have 1/],
    ];
    for (const [why, chain, seq, message] of cases) {
      const v = verifyChain(chain, stub);
      expect(v, why).toMatchObject({ ok: false, seq });
      expect(v.ok ? '' : v.message, why).toMatch(message);
    }
  });
});
