/**
 * Persistence of policy governance: approvers, proposals, signatures, policy versions and
 * their audit entries. The rules live in core/governance.ts; every state change here is
 * one IMMEDIATE transaction that reads the state it checks, so two concurrent applies
 * cannot both pass.
 */
import { canonicalJson } from '../core/canonical.js';
import { InputError } from '../core/errors.js';
import {
  ACTION_APPLY,
  ACTION_INIT,
  GovernanceRefusal,
  checkApproverSet,
  checkSignature,
  decideApply,
  initId as computeInitId,
  proposalBody,
  proposalId as computeProposalId,
  signingMessage,
  type AuditEntry,
  type ChainVerdict,
  type GovernanceState,
  type InitRecord,
  type PolicyValidator,
  type ProposalBody,
  type SignatureRecord,
} from '../core/governance.js';
import { verifyAudit, appendAudit } from './audit.js';
import { nodeGovernanceCrypto, parsePublicKey, signMessage, type SigningKey } from './crypto.js';
import { transaction, type Store } from './db.js';

export interface GovernanceStatus extends GovernanceState {
  initId: string;
  /** The live policy (null at version 0, before any apply). */
  policy: unknown;
  appliedAtMs: number | null;
}

export interface ProposalInfo {
  id: string;
  version: number;
  parent: string;
  /** Canonical JSON of the proposal: the bytes (after SIGNING_DOMAIN) that approvers sign. */
  canonical: string;
  body: ProposalBody;
  createdAtMs: number;
  signatures: SignatureRecord[];
  applied: boolean;
}

export function governanceStatus(store: Store): GovernanceStatus | null {
  const g = store.db.prepare('SELECT init_id, threshold FROM governance WHERE id = 1').get() as { init_id: string; threshold: number } | undefined;
  if (!g) return null;
  const approvers = (store.db.prepare('SELECT public_key FROM approvers ORDER BY position').all() as Array<{ public_key: string }>).map((r) => r.public_key);
  const live = store.db.prepare('SELECT version, id, policy, applied_at_ms FROM policy_versions ORDER BY version DESC LIMIT 1').get() as
    | { version: number; id: string; policy: string; applied_at_ms: number }
    | undefined;
  return {
    approvers,
    threshold: g.threshold,
    initId: g.init_id,
    head: live?.id ?? g.init_id,
    version: live?.version ?? 0,
    policy: live ? (JSON.parse(live.policy) as unknown) : null,
    appliedAtMs: live?.applied_at_ms ?? null,
  };
}

function requireStatus(store: Store): GovernanceStatus {
  const s = governanceStatus(store);
  if (!s) throw new GovernanceRefusal('not_initialized', 'not_initialized: no approvers are registered; run `alvh policy init` first');
  return s;
}

/**
 * Registers the approvers (public keys, any accepted form) and the threshold. Refused
 * once governance exists: the approver set is fixed for the life of a store.
 */
export function initGovernance(store: Store, approvers: readonly string[], threshold: number): { initId: string; entry: AuditEntry } {
  const keys = approvers.map((k, i) => parsePublicKey(k, `--approvers[${i + 1}]`));
  const problem = checkApproverSet(keys, threshold);
  if (problem) throw new InputError(problem.startsWith('threshold') ? '--threshold' : '--approvers', problem);
  return transaction(store, () => {
    const existing = store.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = ?").get(ACTION_INIT) as { n: number };
    if (governanceStatus(store) || existing.n > 0) {
      throw new GovernanceRefusal('already_initialized', 'already_initialized: this store already has approvers; the approver set cannot be changed');
    }
    const record: InitRecord = { kind: 'alvh.policy.init', approvers: keys, threshold, createdAtMs: store.clock.nowMs() };
    const id = computeInitId(record, nodeGovernanceCrypto);
    const entry = appendAudit(store, ACTION_INIT, record);
    store.db.prepare('INSERT INTO governance (id, init_id, threshold, created_at_ms, audit_seq) VALUES (1, ?, ?, ?, ?)').run(id, threshold, record.createdAtMs, entry.seq);
    const put = store.db.prepare('INSERT INTO approvers (public_key, position) VALUES (?, ?)');
    keys.forEach((k, i) => put.run(k, i + 1));
    return { initId: id, entry };
  });
}

function runValidator(validate: PolicyValidator | undefined, policy: unknown, field: string): unknown {
  if (!validate) return policy;
  try {
    return validate(policy);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(field, `invalid policy: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * Stores a proposal to make `policy` (validated, then put in canonical form) the next
 * version on top of the live one. Proposing the same thing twice returns the same id.
 */
export function proposePolicy(store: Store, policy: unknown, validate?: PolicyValidator): ProposalInfo & { created: boolean } {
  const normalized = runValidator(validate, policy, '--file');
  return transaction(store, () => {
    const status = requireStatus(store);
    const body = proposalBody(status, normalized);
    const canonical = canonicalJson(body, 'policy');
    const id = computeProposalId(canonical, nodeGovernanceCrypto);
    const inserted = store.db
      .prepare('INSERT INTO proposals (id, version, parent, body, created_at_ms) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING')
      .run(id, body.version, body.parent, canonical, store.clock.nowMs());
    const info = getProposal(store, id);
    return { ...info, created: inserted.changes === 1 };
  });
}

interface ProposalRow {
  id: string;
  version: number;
  parent: string;
  body: string;
  created_at_ms: number;
}

/** Resolves a full id or a unique prefix of at least 8 hex digits. */
export function resolveProposalId(store: Store, idOrPrefix: string): string {
  const s = idOrPrefix.trim().toLowerCase();
  if (!/^[0-9a-f]{8,64}$/.test(s)) throw new InputError('--proposal', `expected a proposal id (8 to 64 hex digits), got "${idOrPrefix}"`);
  const rows = store.db.prepare('SELECT id FROM proposals WHERE id >= ? AND id < ? LIMIT 2').all(s, `${s}g`) as Array<{ id: string }>;
  if (rows.length === 0) throw new InputError('--proposal', `no proposal ${idOrPrefix} in this store`);
  if (rows.length > 1) throw new InputError('--proposal', `${idOrPrefix} matches more than one proposal; give more digits`);
  return (rows[0] as { id: string }).id;
}

export function getProposal(store: Store, idOrPrefix: string): ProposalInfo {
  const id = resolveProposalId(store, idOrPrefix);
  const row = store.db.prepare('SELECT * FROM proposals WHERE id = ?').get(id) as ProposalRow;
  const signatures = store.db
    .prepare('SELECT public_key AS publicKey, signature FROM signatures WHERE proposal_id = ? ORDER BY public_key')
    .all(id) as SignatureRecord[];
  const applied = store.db.prepare('SELECT 1 FROM policy_versions WHERE id = ?').get(id) !== undefined;
  return {
    id,
    version: row.version,
    parent: row.parent,
    canonical: row.body,
    body: JSON.parse(row.body) as ProposalBody,
    createdAtMs: row.created_at_ms,
    signatures,
    applied,
  };
}

export function listProposals(store: Store): ProposalInfo[] {
  return (store.db.prepare('SELECT id FROM proposals ORDER BY created_at_ms, id').all() as Array<{ id: string }>).map((r) => getProposal(store, r.id));
}

/**
 * Stores a signature on a proposal (an offline signature, for example) after checking it
 * on entry: the key must be a registered approver and the signature must verify for this
 * proposal's bytes (a signature made for another proposal is named a replay). Anything
 * else is refused with nothing written, so a stored signature always counts. Storing the
 * same approver's signature again is a no-op; a stored signature that no longer verifies
 * (written before signatures were checked on entry) is replaced by a valid one.
 */
export function addSignature(store: Store, idOrPrefix: string, sig: SignatureRecord): { status: 'added' | 'existing'; proposalId: string } {
  const publicKey = parsePublicKey(sig.publicKey, 'publicKey');
  if (!/^[A-Za-z0-9+/]{86}==$/.test(sig.signature)) throw new InputError('signature', 'expected base64 of a 64-byte Ed25519 signature');
  return transaction(store, () => {
    const state = requireStatus(store);
    const proposal = getProposal(store, idOrPrefix);
    const id = proposal.id;
    const candidate = { publicKey, signature: sig.signature };
    const problem = checkSignature(state.approvers, proposal, candidate, otherProposals(store, id), nodeGovernanceCrypto);
    if (problem) throw new GovernanceRefusal(problem.reason, `${problem.reason}: ${problem.message}; nothing stored`);
    const old = store.db.prepare('SELECT signature FROM signatures WHERE proposal_id = ? AND public_key = ?').get(id, publicKey) as
      | { signature: string }
      | undefined;
    if (old && (old.signature === sig.signature || checkSignature(state.approvers, proposal, { publicKey, signature: old.signature }, [], nodeGovernanceCrypto) === null)) {
      return { status: 'existing', proposalId: id };
    }
    // Rows are immutable: an invalid legacy row is deleted, then the valid one inserted.
    if (old) store.db.prepare('DELETE FROM signatures WHERE proposal_id = ? AND public_key = ?').run(id, publicKey);
    store.db
      .prepare('INSERT INTO signatures (proposal_id, public_key, signature, created_at_ms) VALUES (?, ?, ?, ?)')
      .run(id, publicKey, sig.signature, store.clock.nowMs());
    return { status: 'added', proposalId: id };
  });
}

function otherProposals(store: Store, id: string): Array<{ id: string; canonical: string }> {
  return (store.db.prepare('SELECT id, body FROM proposals WHERE id <> ?').all(id) as Array<{ id: string; body: string }>).map((r) => ({
    id: r.id,
    canonical: r.body,
  }));
}

/**
 * Signs a proposal with `key` and stores the signature. Refused when the key is not a
 * registered approver (its signature could never count).
 */
export function signProposal(store: Store, idOrPrefix: string, key: SigningKey): SignatureRecord & { proposalId: string; status: 'added' | 'existing' } {
  const status = requireStatus(store);
  if (!status.approvers.includes(key.publicKey)) {
    throw new GovernanceRefusal('not_approver', `not_approver: ${key.publicKey} is not a registered approver of this store`);
  }
  const proposal = getProposal(store, idOrPrefix);
  const signature = signMessage(key, signingMessage(proposal.canonical));
  const added = addSignature(store, proposal.id, { publicKey: key.publicKey, signature });
  return { proposalId: proposal.id, publicKey: key.publicKey, signature, status: added.status };
}

/** A proposal as a self-contained file, for approvers who sign away from the store. */
export interface ProposalExport {
  id: string;
  proposal: ProposalBody;
}

export function exportProposal(store: Store, idOrPrefix: string): ProposalExport {
  const p = getProposal(store, idOrPrefix);
  return { id: p.id, proposal: p.body };
}

/**
 * Signs an exported proposal without a store (offline signing). The id is recomputed from
 * the proposal, so a file whose policy was edited after export is refused.
 */
export function signExportedProposal(value: unknown, key: SigningKey, field = '--proposal-file'): SignatureRecord & { proposal: string } {
  const v = value as Partial<ProposalExport> | null;
  if (typeof v !== 'object' || v === null || typeof v.id !== 'string' || typeof v.proposal !== 'object' || v.proposal === null) {
    throw new InputError(field, 'expected {"id": ID, "proposal": {...}} as written by `alvh policy export`');
  }
  const body = v.proposal;
  if (body.kind !== 'alvh.policy.proposal' || !Number.isInteger(body.version) || typeof body.parent !== 'string') {
    throw new InputError(field, 'not an alvh policy proposal');
  }
  const canonical = canonicalJson(body, field);
  const id = computeProposalId(canonical, nodeGovernanceCrypto);
  if (id !== v.id) throw new InputError(field, `the proposal does not match its id ${v.id} (it hashes to ${id}); refusing to sign`);
  return { proposal: id, publicKey: key.publicKey, signature: signMessage(key, signingMessage(canonical)) };
}

export interface AppliedVersion {
  version: number;
  id: string;
  signers: string[];
  entry: AuditEntry;
}

/**
 * Makes a proposal the live policy if its signatures meet the threshold and its parent is
 * the live version; otherwise throws GovernanceRefusal (forged, replayed, stale,
 * insufficient, invalid). The new version and its audit entry are one transaction.
 */
export function applyProposal(store: Store, idOrPrefix: string, validate?: PolicyValidator): AppliedVersion {
  return transaction(store, () => {
    const state = requireStatus(store);
    const proposal = getProposal(store, idOrPrefix);
    const others = otherProposals(store, proposal.id);
    const decision = decideApply(
      {
        state,
        proposal: { id: proposal.id, canonical: proposal.canonical, body: proposal.body },
        alreadyApplied: proposal.applied,
        signatures: proposal.signatures,
        otherProposals: others,
      },
      nodeGovernanceCrypto,
    );
    if (decision.status === 'refused') throw new GovernanceRefusal(decision.reason, decision.message);
    if (validate) {
      try {
        validate(proposal.body.policy);
      } catch (err) {
        throw new GovernanceRefusal('invalid', `invalid: the proposed policy no longer validates: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    const accepted = proposal.signatures.filter((s) => decision.signers.includes(s.publicKey));
    const entry = appendAudit(store, ACTION_APPLY, { id: proposal.id, proposal: proposal.body }, accepted);
    store.db
      .prepare('INSERT INTO policy_versions (version, id, parent, policy, applied_at_ms, audit_seq) VALUES (?, ?, ?, ?, ?, ?)')
      .run(proposal.version, proposal.id, proposal.parent, canonicalJson(proposal.body.policy), entry.atMs, entry.seq);
    return { version: proposal.version, id: proposal.id, signers: decision.signers, entry };
  });
}

export interface PolicyVersionInfo {
  version: number;
  id: string;
  parent: string;
  policy: unknown;
  appliedAtMs: number;
  auditSeq: number;
}

export function listPolicyVersions(store: Store): PolicyVersionInfo[] {
  const rows = store.db.prepare('SELECT * FROM policy_versions ORDER BY version').all() as Array<{
    version: number;
    id: string;
    parent: string;
    policy: string;
    applied_at_ms: number;
    audit_seq: number;
  }>;
  return rows.map((r) => ({ version: r.version, id: r.id, parent: r.parent, policy: JSON.parse(r.policy) as unknown, appliedAtMs: r.applied_at_ms, auditSeq: r.audit_seq }));
}

/**
 * Verifies the audit chain (hashes, links, every signature, the threshold, parents) and
 * that the governance tables agree with what the log establishes.
 */
export function verifyGovernance(store: Store): ChainVerdict {
  const verdict = verifyAudit(store);
  if (!verdict.ok) return verdict;
  const fromLog = verdict.summary.governance;
  const status = governanceStatus(store);
  const last = verdict.summary.entries;
  const mismatch = (message: string): ChainVerdict => ({ ok: false, seq: last, message: `governance tables disagree with the audit log: ${message}` });
  if (!fromLog || !status) return fromLog || status ? mismatch('one of them has no policy.init') : verdict;
  if (canonicalJson(fromLog.approvers) !== canonicalJson(status.approvers) || fromLog.threshold !== status.threshold) {
    return mismatch('approvers or threshold differ');
  }
  if (fromLog.head !== status.head || fromLog.version !== status.version) {
    return mismatch(`live version ${status.version} (${status.head.slice(0, 12)}…) vs ${fromLog.version} (${fromLog.head.slice(0, 12)}…) in the log`);
  }
  if (status.version > 0 && fromLog.policy !== canonicalJson(status.policy)) return mismatch('the live policy differs from the applied proposal');
  return verdict;
}
