import { describe, expect, it } from 'vitest';
import { buildAtmIv, buildCndr, buildSpxCalls, buildSpxChain, buildVixOptions, buildVxth, countOrZero, occCall } from './snapshots.js';
import { csv, rawContext } from './testing/raw.js';

const CHAIN_HEADER = 'contractSymbol,lastTradeDate,strike,lastPrice,bid,ask,change,percentChange,volume,openInterest,impliedVolatility,inTheMoney,contractSize,currency,option_type,expiration';

describe('option snapshots and Cboe benchmark series', () => {
  it('countOrZero writes Yahoo NaN volume / open interest as 0; occCall reads expiration and root from an OCC symbol', () => {
    expect(['', 'nan', 'NaN', '12', '3.0'].map(countOrZero)).toEqual(['0', '0', '0', '12', '3']);
    expect(occCall('SPXW260320C06000000')).toEqual({ expiration: '2026-03-20', root: 'SPXW' });
    expect(occCall('SPX260417C05500000')).toEqual({ expiration: '2026-04-17', root: 'SPX' });
    expect(occCall('SPXW260320P06000000'), 'a put is not a call').toBeUndefined();
  });

  it('SPX chain 2026-01-30: ask 0 written empty, crossed quote emptied, NaN volume -> 0, IV dropped, sorted by expiry, root, type, strike', () => {
    // CORRECTIONS.md SPX chain 2026-01-30: "2026-02-02 SPXW call 7110 bid 0 ask 0" (252 rows), 1 crossed quote, 2,098 NaN counts.
    const ctx = rawContext({
      'spx_option_chain_2026-01-30.csv': csv(
        CHAIN_HEADER,
        'SPXW260202P06000000,2026-01-29,6000.0,2.1,2.4,2.1,0,0,,15,0.2,False,REGULAR,USD,put,2026-02-02',
        'SPXW260202C07110000,2026-01-29,7110.0,0.05,0.0,0.0,0,0,3,nan,0.00001,False,REGULAR,USD,call,2026-02-02',
        'SPXW260202C06950000,2026-01-29,6950.0,4.5,4.4,4.6,0,0,10,100,0.15,False,REGULAR,USD,call,2026-02-02',
      ),
    });
    buildSpxChain(ctx);
    expect(ctx.log.tables[0]?.rows).toEqual([
      ['2026-02-02', '6950', 'call', '4.4', '4.6', '4.5', '10', '100', 'SPXW'],
      ['2026-02-02', '7110', 'call', '0', '', '0.05', '3', '0', 'SPXW'],
      ['2026-02-02', '6000', 'put', '', '', '2.1', '0', '15', 'SPXW'],
    ]);
    expect(ctx.log.corrections.map((c) => [c.what.slice(0, 18), c.count])).toEqual([
      ['ask of 0 (no offer', 1],
      ['crossed quotes (bi', 1],
      ['empty volume / ope', 2],
      ['Yahoo impliedVolat', 3],
    ]);
    expect(ctx.log.corrections[0]?.examples).toEqual(['2026-02-02 SPXW call 7110 bid 0 ask 0']);
    expect(ctx.log.corrections[1]?.examples).toEqual(['2026-02-02 SPXW put 6000 bid 2.4 ask 2.1']);
    expect(() => buildSpxChain(rawContext({ 'spx_option_chain_2026-01-30.csv': csv(CHAIN_HEADER, 'SPXW260202C06950000,x,6950,4.5,4.4,4.6,0,0,10,100,0.15,False,REGULAR,USD,Call,2026-02-02') }))).toThrow(/^spx_option_chain_2026-01-30\.csv:2: bad option_type "Call"$/);
  });

  it('SPX calls 2026-03-13: expiration and root from the OCC symbol, last trade day kept, a bad symbol refused', () => {
    const header = ',contractSymbol,lastTradeDate,strike,lastPrice,bid,ask,change,percentChange,volume,openInterest,impliedVolatility,inTheMoney,contractSize,currency,ticker,spotPrice,timetoMaturity';
    const ctx = rawContext({ 'spx_calls_chain_2026-03-13.csv': csv(header, '0,SPXW260320C06000000,2026-03-13 19:59:58+00:00,6000.0,701.5,700.1,705.3,0,0,nan,12,0.3,True,REGULAR,USD,^SPX,6632.19,0.02') });
    buildSpxCalls(ctx);
    expect(ctx.log.tables[0]?.rows).toEqual([['2026-03-20', '6000', '700.1', '705.3', '701.5', '0', '12', 'SPXW', '2026-03-13']]);
    expect(() => buildSpxCalls(rawContext({ 'spx_calls_chain_2026-03-13.csv': csv(header, '0,XSP260320C06000000,2026-03-13,6000,1,1,2,0,0,1,1,0.3,True,REGULAR,USD,^SPX,6632,0.02') }))).toThrow(/^spx_calls_chain_2026-03-13\.csv:2: bad contractSymbol "XSP260320C06000000"$/);
  });

  it('VIX options 2024-06-03: vendor IV and greeks dropped, untraded rows keep empty prices and are counted', () => {
    const header = 'as_of_date,ticker,contract_type,strike_price,expiration_date,VIX_close,close,imp_vol,delta,gamma,theta,vega,open,high,low,volume';
    const ctx = rawContext({ 'vix_option_eod_2024-06-03.csv': csv(header, '2024-06-03,VIX,call,15,2024-06-18,12.9,,0.9,0.1,0,0,0,,,,', '2024-06-03,VIX,call,14,2024-06-18,12.9,0.95,0.8,0.3,0,0,0,0.9,1,0.85,120') });
    buildVixOptions(ctx);
    expect(ctx.log.tables[0]?.rows).toEqual([['2024-06-18', '14', 'call', '0.9', '1', '0.85', '0.95', '120'], ['2024-06-18', '15', 'call', '', '', '', '', '0']]);
    expect(ctx.log.corrections[0]?.examples).toEqual(['2 rows, 1 untraded']);
  });

  it('VXTH calls: call expirations must be VIX expirations; CNDR: a non-positive value refused; ATM IV: duplicates refused', () => {
    const vxthHeader = 'date,VXTH,SPX,dividend_points,vix_call_expiration,vix_call_strike,call_bid,call_ask,call_mid,number_of_calls';
    const vxth = rawContext({ 'vxth_vix_calls_2006_2011_cboe.csv': csv(vxthHeader, '2006-03-22,100,1305.04,0.1234,2006-04-19,20,0.5,0.6,0.55,0.0012345678') });
    buildVxth(vxth);
    expect(vxth.log.tables[0]?.rows).toEqual([['2006-03-22', '100', '1305.04', '0.1234', '2006-04-19', '20', '0.5', '0.6', '0.55', '0.00123457']]);
    expect(() => buildVxth(rawContext({ 'vxth_vix_calls_2006_2011_cboe.csv': csv(vxthHeader, '2006-03-22,100,1305.04,0.1,2006-04-21,20,0.5,0.6,0.55,0.001') }))).toThrow(/VXTH call expiration 2006-04-21 on 2006-03-22 is not a VIX expiration/);
    expect(() => buildCndr(rawContext({ 'cndr_daily_1986_2005_cboe.csv': csv('DATE,CNDR', '06/20/1986,100', '06/23/1986,0') }))).toThrow(/^cndr_daily_1986_2005_cboe\.csv:3: bad CNDR$/);
    const ivHeader = 'snapshot_date,expiration,dte,spot,atm_strike,atm_iv,atm_call_iv,atm_put_iv,atm_call_oi,atm_put_oi';
    const line = '2026-05-14,2026-05-15,1,5900.1,5900,0.1234567,0.12,0.13,10,20';
    expect(() => buildAtmIv(rawContext({ 'spx_atm_iv_term_snapshots_2026.csv': csv(ivHeader, line, line) }))).toThrow(/duplicate snapshot 2026-05-14 2026-05-15/);
  });
});
