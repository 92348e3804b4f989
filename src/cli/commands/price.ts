/** `alvh price`: price and Greeks of one option (flags) or of a JSON-lines file (--input). */
import type { Command } from 'commander';
import { bsmGreeks } from '../../pricing/bsm.js';
import { black76Greeks } from '../../pricing/black76.js';
import type { Greeks } from '../../pricing/types.js';
import { addPricingOptions, runPricing, type PricingFlags, type PricingRequest } from '../pricingInput.js';

export function priceOf(req: PricingRequest): Greeks {
  return req.model === 'bsm'
    ? bsmGreeks(req.type, req.underlying, req.strike, req.years, req.rate, req.div, req.value)
    : black76Greeks(req.type, req.underlying, req.strike, req.years, req.rate, req.value);
}

function table(req: PricingRequest, g: Greeks): string {
  const rows: Array<[string, string]> = [
    ['model', `${req.model} (modelled price)`],
    ['price', g.price.toFixed(6)],
    ['delta', g.delta.toFixed(6)],
    ['gamma', g.gamma.toPrecision(6)],
    ['vegaPerVolPt', g.vegaPerVolPt.toFixed(6)],
    ['thetaPerDay', g.thetaPerDay.toFixed(6)],
    ['rhoPerPct', g.rhoPerPct.toFixed(6)],
  ];
  return `${rows.map(([k, v]) => `${k.padEnd(13)} ${v}`).join('\n')}\n`;
}

export function register(program: Command): void {
  addPricingOptions(program.command('price').description('Price and Greeks of a European option (Black-Scholes-Merton on a spot, Black-76 on a forward).'), ['--vol <sigma>', 'volatility as a fraction (0.2 = 20%)'])
    .addHelpText('after', `
Examples:
  alvh price --model bsm --type call --spot 100 --strike 100 --years 1 --rate 0.05 --div 0 --vol 0.2 --json
  alvh price --model black76 --type put --forward 19 --strike 19 --years 0.75 --rate 0.1 --vol 0.28
  alvh price --type put --spot 100 --strike 100 --years 1 --rate 0.05 --div 1.05 --vol 0.15   # any carry: b = rate - div = -1
  alvh price --input chain.jsonl     # lines like {"model":"bsm","type":"call","spot":100,"strike":105,"years":0.5,"rate":0.05,"div":0.01,"vol":0.2}

Units: delta per point, gamma per point², vegaPerVolPt per 0.01 vol, thetaPerDay per calendar day, rhoPerPct per 0.01 rate.`)
    .action((flags: PricingFlags) => runPricing(flags, 'vol', priceOf, table));
}
