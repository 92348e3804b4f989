export * from './types.js';
export * from './metrics.js';
export * from './crises.js';
export * from './summary.js';
export * from './fixture.js';
