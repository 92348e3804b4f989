/** The dashboard: the HTTP app, its server and the scenario-grid parsers. */
export { createApp, authorized, signalRow, CSP } from './app.js';
export type { WebDeps, WebAssets, ScenarioQuery } from './app.js';
export { startServer } from './server.js';
export type { RunningServer } from './server.js';
export { parseHorizon, parseSpxMovesPct, parseVixLevels, MAX_GRID_MOVES, MAX_GRID_VIX } from './params.js';
export type { HorizonSpec } from './params.js';
