export * from './instruments.js';
export * from './condor.js';
export * from './costs.js';
export * from './ledger.js';
export * from './parity.js';
