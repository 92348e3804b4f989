/** Public API of the pricing library. */
export type { OptionType, Greeks } from './types.js';
export { normCdf, normPdf } from './normal.js';
export { bsmPrice, bsmDelta, bsmGreeks } from './bsm.js';
export { black76Price, black76Delta, black76Greeks } from './black76.js';
export { impliedVolBsm, impliedVolBlack76 } from './impliedVol.js';
export { bsmPriceBatch, bsmPriceDeltaBatch, black76PriceBatch, impliedVolBsmBatch, impliedVolBlack76Batch, IV_STATUS } from './batch.js';
export type { Column, TypeColumn } from './batch.js';
export { modelFreeVariance, computeTerms, termVariance } from './modelFreeVariance.js';
export type { OptionQuote, VarianceChain, VarianceTerm, ModelFreeVarianceResult, ModelFreeVarianceOptions, TermVarianceResult } from './modelFreeVariance.js';
