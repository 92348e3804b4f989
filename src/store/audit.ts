/** The append-only, hash-chained audit log (rules in core/governance.ts). */
import { GENESIS_HASH, sealEntry, verifyChain, type AuditEntry, type ChainVerdict, type SignatureRecord } from '../core/governance.js';
import { canonicalJson } from '../core/canonical.js';
import { nodeGovernanceCrypto } from './crypto.js';
import { transaction, type Store } from './db.js';

interface AuditRow {
  seq: number;
  at_ms: number;
  action: string;
  payload: string;
  payload_hash: string;
  signatures: string;
  prev_hash: string;
  entry_hash: string;
}

function fromRow(r: AuditRow): AuditEntry {
  let signatures: SignatureRecord[];
  try {
    signatures = JSON.parse(r.signatures) as SignatureRecord[];
  } catch {
    signatures = [];
  }
  return {
    seq: r.seq,
    atMs: r.at_ms,
    action: r.action,
    payload: r.payload,
    payloadHash: r.payload_hash,
    signatures,
    prevHash: r.prev_hash,
    entryHash: r.entry_hash,
  };
}

/** Appends one entry (in its own transaction, or inside the caller's). */
export function appendAudit(store: Store, action: string, payload: unknown, signatures: readonly SignatureRecord[] = []): AuditEntry {
  return transaction(store, () => {
    const last = store.db.prepare('SELECT seq, entry_hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
      | { seq: number; entry_hash: string }
      | undefined;
    const sorted = [...signatures].sort((a, b) => (a.publicKey < b.publicKey ? -1 : a.publicKey > b.publicKey ? 1 : 0));
    const entry = sealEntry(
      {
        seq: (last?.seq ?? 0) + 1,
        atMs: store.clock.nowMs(),
        action,
        payload: canonicalJson(payload, 'payload'),
        signatures: sorted.map((s) => ({ publicKey: s.publicKey, signature: s.signature })),
        prevHash: last?.entry_hash ?? GENESIS_HASH,
      },
      nodeGovernanceCrypto,
    );
    store.db
      .prepare(
        `INSERT INTO audit_log (seq, at_ms, action, payload, payload_hash, signatures, prev_hash, entry_hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(entry.seq, entry.atMs, entry.action, entry.payload, entry.payloadHash, canonicalJson(entry.signatures), entry.prevHash, entry.entryHash);
    return entry;
  });
}

export function listAudit(store: Store): AuditEntry[] {
  return (store.db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as AuditRow[]).map(fromRow);
}

/** Recomputes the whole chain and replays every governance action with its signatures. */
export function verifyAudit(store: Store): ChainVerdict {
  return verifyChain(listAudit(store), nodeGovernanceCrypto);
}
