/** The dashboard: the HTTP app, its server and the scenario-grid parsers. */
export { createApp, createDashboard, authorized, signalRow, CSP, FIRST_VIEW_PATHS } from './app.js';
export type { Dashboard as WebDashboard, WebDeps, WebAssets, ScenarioQuery } from './app.js';
export { backtestView, VIEW_WINDOWS } from './backtestView.js';
export type { BacktestView } from './backtestView.js';
export { startServer } from './server.js';
export type { RunningServer } from './server.js';
export { parseHorizon, parseSpxMovesPct, parseVixLevels, parseVixScale, vixLevelsFromScale, MAX_GRID_MOVES, MAX_GRID_VIX } from './params.js';
export type { HorizonSpec } from './params.js';
