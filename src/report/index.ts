export * from './html.js';
export * from './narrative.js';
export * from './notes.js';
