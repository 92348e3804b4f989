/** Public API of the pricing library. */
export type { OptionType, Greeks } from './types.js';
export { normCdf, normPdf } from './normal.js';
export { bsmPrice, bsmDelta, bsmGreeks } from './bsm.js';
export { black76Price, black76Delta, black76Greeks } from './black76.js';
