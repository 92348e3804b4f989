import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GovernanceRefusal } from '../core/governance.js';
import type { Clock } from '../core/time.js';
import { generateKeyPair, parsePrivateKey, type SigningKey } from './crypto.js';
import { closeStore, openStore } from './db.js';
import { applyProposal, governanceStatus, initGovernance, proposePolicy, signProposal, verifyGovernance } from './governance.js';

// Keys are generated once: the property varies who signs what, not the keys.
const keys: SigningKey[] = Array.from({ length: 4 }, () => parsePrivateKey(generateKeyPair().privateKeyPem));

type Step = { kind: 'propose'; value: number } | { kind: 'sign'; proposal: number; signer: number } | { kind: 'apply'; proposal: number };
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('propose' as const), value: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ kind: fc.constant('sign' as const), proposal: fc.nat(), signer: fc.nat({ max: 3 }) }),
  fc.record({ kind: fc.constant('apply' as const), proposal: fc.nat() }),
);

describe('governance (property)', () => {
  it('applies exactly when k distinct approvers signed a proposal on the live parent, and the log always verifies', () => {
    let appliedInAllRuns = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.array(step, { maxLength: 25 }), (threshold, steps) => {
        let t = 0;
        const clock: Clock = { nowMs: () => ++t };
        const store = openStore(':memory:', clock);
        try {
          const approvers = keys.slice(0, 3); // keys[3] is an outsider
          initGovernance(store, approvers.map((k) => k.publicKey), threshold);
          const proposals: Array<{ id: string; parent: string; signers: Set<string>; applied: boolean }> = [];
          let applies = 0;
          for (const s of steps) {
            if (s.kind === 'propose') {
              const p = proposePolicy(store, { value: s.value });
              if (!proposals.some((q) => q.id === p.id)) proposals.push({ id: p.id, parent: p.parent, signers: new Set(), applied: false });
            } else if (proposals.length > 0) {
              const p = proposals[s.proposal % proposals.length];
              if (!p) continue;
              if (s.kind === 'sign') {
                const k = keys[s.signer] as SigningKey;
                if (s.signer === 3) {
                  expect(() => signProposal(store, p.id, k), 'an outsider cannot sign').toThrow(GovernanceRefusal);
                } else {
                  signProposal(store, p.id, k);
                  p.signers.add(k.publicKey);
                }
              } else {
                const live = governanceStatus(store)?.head;
                const expectOk = !p.applied && p.parent === live && p.signers.size >= threshold;
                let ok = true;
                try {
                  applyProposal(store, p.id);
                } catch (err) {
                  if (!(err instanceof GovernanceRefusal)) throw err;
                  ok = false;
                }
                expect(ok, `apply of a proposal with ${p.signers.size} signer(s), threshold ${threshold}`).toBe(expectOk);
                if (ok) {
                  p.applied = true;
                  applies++;
                }
              }
            }
          }
          expect(governanceStatus(store)?.version).toBe(applies);
          appliedInAllRuns += applies;
          expect(verifyGovernance(store).ok, 'the audit log verifies after any sequence').toBe(true);
        } finally {
          closeStore(store);
        }
      }),
      // A fixed seed: the check below (the runs reach successful applies) is about the
      // generator, and must not depend on the draw.
      { numRuns: 60, seed: 20261123 },
    );
    expect(appliedInAllRuns, 'the generated runs do reach successful applies').toBeGreaterThan(0);
  });
});
