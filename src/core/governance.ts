/**
 * Multi-signature governance of the live hedge policy: the pure rules. No I/O and no
 * cryptography here: hashing and Ed25519 verification come in through the GovernanceCrypto
 * port (node:crypto at the store edge), so that every rule is testable with plain data.
 *
 * Model
 * - `init` registers n approvers (Ed25519 public keys) and a threshold k. Its id
 *   (sha256 of the canonical init record) is the head of version 0.
 * - A proposal is the canonical JSON of {kind, version, parent, policy}: the exact new
 *   policy, the version number it would become and the id of the live version it
 *   replaces. Its id is sha256(canonical proposal). Applying it makes that id the head.
 * - Approvers sign SIGNING_DOMAIN + canonical proposal. Because the proposal names its
 *   parent and version, a signature cannot be replayed onto another proposal, onto a
 *   later version, or onto another store's history.
 * - Every init/apply appends an audit entry whose hash covers its seq, time, action,
 *   payload hash, signatures and the previous entry's hash.
 */
import { canonicalJson } from './canonical.js';
import { DomainError } from './errors.js';

export const SIGNING_DOMAIN = 'alvh-policy-v1\n';
export const GENESIS_HASH = '0'.repeat(64);
export const PUBLIC_KEY_PREFIX = 'ed25519:';

export const ACTION_INIT = 'policy.init';
export const ACTION_APPLY = 'policy.apply';

/** Hashing and signature verification, supplied by the edge (node:crypto). */
export interface GovernanceCrypto {
  /** Lower-case hex SHA-256 of the UTF-8 bytes of `text`. */
  sha256Hex(text: string): string;
  /** Ed25519 verification; false (never a throw) for a malformed key or signature. */
  verify(publicKey: string, message: string, signatureB64: string): boolean;
}

export interface InitRecord {
  kind: 'alvh.policy.init';
  approvers: string[];
  threshold: number;
  createdAtMs: number;
}

export interface ProposalBody {
  kind: 'alvh.policy.proposal';
  version: number;
  parent: string;
  policy: unknown;
}

export interface SignatureRecord {
  publicKey: string;
  signature: string;
}

/** The governance state that a proposal is checked against. */
export interface GovernanceState {
  approvers: readonly string[];
  threshold: number;
  /** Id of the live version (the init id for version 0). */
  head: string;
  version: number;
}

export function initId(record: InitRecord, crypto: GovernanceCrypto): string {
  return crypto.sha256Hex(canonicalJson(record));
}

export function proposalBody(state: Pick<GovernanceState, 'head' | 'version'>, policy: unknown): ProposalBody {
  return { kind: 'alvh.policy.proposal', version: state.version + 1, parent: state.head, policy };
}

export function proposalId(canonicalProposal: string, crypto: GovernanceCrypto): string {
  return crypto.sha256Hex(canonicalProposal);
}

/** The exact bytes (as UTF-8 text) an approver signs. */
export function signingMessage(canonicalProposal: string): string {
  return SIGNING_DOMAIN + canonicalProposal;
}

/** Validates n approvers and a threshold k: 1 ≤ k ≤ n, keys distinct. Returns an error message or null. */
export function checkApproverSet(approvers: readonly string[], threshold: number): string | null {
  if (approvers.length === 0) return 'at least one approver is required';
  if (new Set(approvers).size !== approvers.length) return 'approver keys must be distinct';
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > approvers.length) {
    return `threshold must be a whole number from 1 to ${approvers.length}, got ${threshold}`;
  }
  return null;
}

export type RefusalReason = 'not_initialized' | 'unknown_proposal' | 'replayed' | 'stale' | 'forged' | 'insufficient' | 'invalid';

/** A governance action refused for a reason the user must act on (exit 2). */
export class GovernanceRefusal extends DomainError {
  constructor(
    readonly reason: RefusalReason | 'already_initialized' | 'not_approver' | 'conflict',
    message: string,
  ) {
    super('invalid_input', message);
  }
}

/**
 * Checks a hedge policy object and returns it normalized (the engine's parsePolicy);
 * throws on an invalid policy. Governance treats the policy as opaque JSON.
 */
export type PolicyValidator = (policy: unknown) => unknown;

export type ApplyDecision =
  /** `ignored`: stored signatures that did not count (never a reason to refuse). */
  | { status: 'accepted'; signers: string[]; ignored: number }
  | { status: 'refused'; reason: RefusalReason; message: string };

export interface ApplyInput {
  state: GovernanceState;
  proposal: { id: string; canonical: string; body: ProposalBody };
  /** True when this proposal id is already a version in the history. */
  alreadyApplied: boolean;
  signatures: readonly SignatureRecord[];
  /** Other stored proposals, to tell a replayed signature from a forged one. */
  otherProposals: ReadonlyArray<{ id: string; canonical: string }>;
}

function refuse(reason: RefusalReason, message: string): ApplyDecision {
  return { status: 'refused', reason, message: `${reason}: ${message}` };
}

/** Short, readable form of a key for messages: `ed25519:AbCdEf12…`. */
export function shortKey(publicKey: string): string {
  return publicKey.length > 20 ? `${publicKey.slice(0, 20)}…` : publicKey;
}

/** Why one signature does not count for a proposal. */
export interface SignatureProblem {
  reason: 'not_approver' | 'forged' | 'replayed';
  message: string;
}

/**
 * Checks one signature against a proposal: the key must be a registered approver and the
 * signature must verify for this proposal's bytes. A signature that verifies for another
 * stored proposal is a replay. Returns null when the signature counts.
 */
export function checkSignature(
  approvers: readonly string[],
  proposal: { id: string; canonical: string },
  sig: SignatureRecord,
  otherProposals: ReadonlyArray<{ id: string; canonical: string }>,
  crypto: GovernanceCrypto,
): SignatureProblem | null {
  if (!approvers.includes(sig.publicKey)) {
    return { reason: 'not_approver', message: `${shortKey(sig.publicKey)} is not a registered approver` };
  }
  if (crypto.verify(sig.publicKey, signingMessage(proposal.canonical), sig.signature)) return null;
  const source = otherProposals.find((p) => p.id !== proposal.id && crypto.verify(sig.publicKey, signingMessage(p.canonical), sig.signature));
  if (source) return { reason: 'replayed', message: `the signature by ${shortKey(sig.publicKey)} was made for proposal ${source.id}, not ${proposal.id}` };
  return { reason: 'forged', message: `the signature by ${shortKey(sig.publicKey)} does not verify for proposal ${proposal.id}` };
}

/**
 * Decides whether a proposal may become the live policy. Order of checks: replay of an
 * applied proposal, staleness (parent and version), then the threshold on distinct
 * approvers whose signatures verify for this proposal's bytes. A signature that does not
 * count (unregistered key, forged, replayed from another proposal) is ignored: it can
 * never block k valid signatures. When the valid ones fall short, the refusal names the
 * first ignored signature (forged, replayed) or says `insufficient`.
 */
export function decideApply(input: ApplyInput, crypto: GovernanceCrypto): ApplyDecision {
  const { state, proposal } = input;
  if (input.alreadyApplied) return refuse('replayed', `proposal ${proposal.id} has already been applied`);
  if (proposal.body.parent !== state.head || proposal.body.version !== state.version + 1) {
    return refuse(
      'stale',
      `proposal ${proposal.id} was made for version ${proposal.body.version} on parent ${proposal.body.parent.slice(0, 12)}…, ` +
        `but the live version is ${state.version} (${state.head.slice(0, 12)}…); propose again`,
    );
  }
  const signers = new Set<string>();
  const ignored: Array<SignatureProblem & { index: number }> = [];
  for (const [i, sig] of input.signatures.entries()) {
    const problem = checkSignature(state.approvers, proposal, sig, input.otherProposals, crypto);
    if (problem) ignored.push({ ...problem, index: i + 1 });
    else signers.add(sig.publicKey);
  }
  if (signers.size < state.threshold) {
    const shortfall = `${state.threshold} of ${state.approvers.length} required signatures, have ${signers.size}`;
    const first = ignored[0];
    if (!first) return refuse('insufficient', shortfall);
    const reason = first.reason === 'replayed' ? 'replayed' : 'forged';
    return refuse(reason, `signature ${first.index}: ${first.message}; ${shortfall} valid`);
  }
  return { status: 'accepted', signers: [...signers].sort(), ignored: ignored.length };
}

/** One row of the audit log. `payload` is canonical JSON text. */
export interface AuditEntry {
  seq: number;
  atMs: number;
  action: string;
  payload: string;
  payloadHash: string;
  signatures: SignatureRecord[];
  prevHash: string;
  entryHash: string;
}

export type AuditEntryDraft = Omit<AuditEntry, 'payloadHash' | 'entryHash'>;

/** The canonical text an entry hash covers (the payload enters through its hash). */
export function entryHashInput(e: Omit<AuditEntry, 'entryHash' | 'payload'>): string {
  return canonicalJson({ seq: e.seq, atMs: e.atMs, action: e.action, payloadHash: e.payloadHash, signatures: e.signatures, prevHash: e.prevHash });
}

export function sealEntry(draft: AuditEntryDraft, crypto: GovernanceCrypto): AuditEntry {
  const payloadHash = crypto.sha256Hex(draft.payload);
  const entryHash = crypto.sha256Hex(entryHashInput({ ...draft, payloadHash }));
  return { ...draft, payloadHash, entryHash };
}

export interface ChainSummary {
  entries: number;
  lastHash: string;
  /** Governance state after replaying the log; null when no init entry exists. */
  governance: (GovernanceState & { policy: string | null }) | null;
}

export type ChainVerdict = { ok: true; summary: ChainSummary } | { ok: false; seq: number; message: string };

/**
 * Recomputes the whole chain: seq contiguity, prev links, payload and entry hashes, and
 * replays the governance actions (init once, then every apply against the state the log
 * itself establishes: parent, version, each signature and the threshold).
 */
export function verifyChain(entries: readonly AuditEntry[], crypto: GovernanceCrypto): ChainVerdict {
  let prev = GENESIS_HASH;
  let gov: (GovernanceState & { policy: string | null }) | null = null;
  const bad = (seq: number, message: string): ChainVerdict => ({ ok: false, seq, message: `audit entry ${seq}: ${message}` });
  for (const [i, e] of entries.entries()) {
    if (e.seq !== i + 1) return bad(e.seq, `expected seq ${i + 1} (a row is missing or out of order)`);
    if (e.prevHash !== prev) return bad(e.seq, 'prev hash does not match the previous entry');
    if (crypto.sha256Hex(e.payload) !== e.payloadHash) return bad(e.seq, 'payload does not match its hash');
    if (crypto.sha256Hex(entryHashInput(e)) !== e.entryHash) return bad(e.seq, 'entry hash does not match its contents');
    let payload: unknown;
    try {
      payload = JSON.parse(e.payload);
    } catch {
      return bad(e.seq, 'payload is not JSON');
    }
    if (e.action === ACTION_INIT) {
      if (gov) return bad(e.seq, 'a second policy.init');
      const rec = payload as InitRecord;
      if (!Array.isArray(rec.approvers) || !rec.approvers.every((k) => typeof k === 'string')) return bad(e.seq, 'malformed init payload');
      const problem = checkApproverSet(rec.approvers, rec.threshold);
      if (problem) return bad(e.seq, problem);
      gov = { approvers: rec.approvers, threshold: rec.threshold, head: initId(rec, crypto), version: 0, policy: null };
    } else if (e.action === ACTION_APPLY) {
      if (!gov) return bad(e.seq, 'policy.apply before policy.init');
      const current: GovernanceState = gov;
      const p = payload as { id?: unknown; proposal?: unknown };
      if (typeof p.id !== 'string' || typeof p.proposal !== 'object' || p.proposal === null) return bad(e.seq, 'malformed apply payload');
      const canonical = canonicalJson(p.proposal);
      const body = p.proposal as ProposalBody;
      if (proposalId(canonical, crypto) !== p.id) return bad(e.seq, 'proposal id does not match the proposal');
      const decision = decideApply(
        { state: current, proposal: { id: p.id, canonical, body }, alreadyApplied: false, signatures: e.signatures, otherProposals: [] },
        crypto,
      );
      if (decision.status === 'refused') return bad(e.seq, decision.message);
      // An applied entry records only the signatures that counted: any other is tampering.
      if (decision.ignored > 0) return bad(e.seq, `${decision.ignored} recorded signature(s) do not verify for proposal ${p.id}`);
      gov = { ...current, head: p.id, version: body.version, policy: canonicalJson(body.policy) };
    }
    prev = e.entryHash;
  }
  return { ok: true, summary: { entries: entries.length, lastHash: prev, governance: gov } };
}
