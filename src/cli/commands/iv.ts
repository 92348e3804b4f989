/** `alvh iv`: implied volatility of one option price (flags) or of a JSON-lines file (--input). */
import type { Command } from 'commander';
import { impliedVolBlack76, impliedVolBsm } from '../../pricing/impliedVol.js';
import { addPricingOptions, runPricing, type PricingFlags, type PricingRequest } from '../pricingInput.js';

export function ivOf(req: PricingRequest): { vol: number } {
  const vol = req.model === 'bsm'
    ? impliedVolBsm(req.type, req.value, req.underlying, req.strike, req.years, req.rate, req.div)
    : impliedVolBlack76(req.type, req.value, req.underlying, req.strike, req.years, req.rate);
  return { vol };
}

export function register(program: Command): void {
  addPricingOptions(program.command('iv').description('Implied volatility of a European option price (Black-Scholes-Merton or Black-76), to machine precision.'), ['--price <P>', 'option price'])
    .addHelpText('after', `
Examples:
  alvh iv --model bsm --type call --spot 100 --strike 100 --years 1 --rate 0.05 --price 10.4506 --json
  alvh iv --model black76 --type call --forward 18.2 --strike 25 --years 0.082 --rate 0.05 --price 0.45
  alvh iv --input quotes.jsonl      # lines like {"model":"black76","type":"put","forward":19,"strike":19,"years":0.75,"rate":0.1,"price":1.7011}

A price below intrinsic, at or above the upper bound, or with --years 0 has no implied vol:
exit 2 with code price_below_intrinsic, price_above_bound or zero_time.`)
    .action((flags: PricingFlags) => runPricing(flags, 'price', ivOf, (req, out) => `vol ${out.vol.toFixed(10)}  (${req.model}, ${req.type})\n`));
}
