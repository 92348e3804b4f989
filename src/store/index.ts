/** The store's public API. No SQL lives outside src/store. */
export { openStore, closeStore, transaction, schemaVersion, appliedMigrations, integrityCheck, STORE_FILE } from './db.js';
export type { Store, OpenOptions, AppliedMigration } from './db.js';
export { MIGRATIONS } from './migrations.js';
export type { Migration } from './migrations.js';
export { resolveHome, storePath } from './home.js';
export { appendAudit, listAudit, verifyAudit } from './audit.js';
export { saveSignalOnce, getSignal, latestSignal, listSignals, reviseSignal, signalRevisions } from './signals.js';
export type { StoredSignal, SaveSignalResult, SignalRevision } from './signals.js';
export { upsertSeries, readSeries, listSeries, readMarketRows, writeMarketBatches, dumpMarketData, marketDataVersion } from './market.js';
export type { MarketRow, UpsertSummary, MarketBatch } from './market.js';
export { saveHedgeBook, getHedgeBook, getHedgeBookBefore, deleteHedgeBook } from './hedgeBook.js';
export { saveFills, listFills, addAdjustment, listAdjustments, lastAdjustment, deleteAdjustment, hedgeBookSource } from './fills.js';
export type { HedgeBookSource } from './fills.js';
export type { FillRecord, StoredFill, Adjustment, StoredAdjustment } from './fills.js';
export { saveCheckpoint, checkpointsBefore, CHECKPOINTS_KEPT } from './checkpoints.js';
export type { StoredCheckpoint } from './checkpoints.js';
export type { HedgePosition, HedgeBook } from './hedgeBook.js';
export {
  governanceStatus,
  initGovernance,
  proposePolicy,
  resolveProposalId,
  getProposal,
  listProposals,
  addSignature,
  signProposal,
  exportProposal,
  signExportedProposal,
  applyProposal,
  listPolicyVersions,
  verifyGovernance,
} from './governance.js';
export type { GovernanceStatus, ProposalInfo, ProposalExport, AppliedVersion, PolicyVersionInfo } from './governance.js';
export { generateKeyPair, parsePrivateKey, parsePublicKey, signMessage, verifySignature, sha256Hex, nodeGovernanceCrypto } from './crypto.js';
export type { KeyPair, SigningKey } from './crypto.js';
