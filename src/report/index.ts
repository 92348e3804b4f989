export * from './html.js';
export * from './narrative.js';
export { modelledNotice } from '../market/modelledNotice.js';
