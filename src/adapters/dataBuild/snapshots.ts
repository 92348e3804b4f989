/** The one-day option snapshots and the Cboe benchmark series (VXTH calls, CNDR, ATM IV term). */
import { fixQuote, fmt, num, type Row } from './corrections.js';
import { at, byKeys, cal, cell, check, cleanDaily, dateAt, type BuildContext, type RawRow } from './context.js';

/** A count cell: the number, or '0' where Yahoo wrote NaN / nothing (no trades). */
export function countOrZero(s: string | undefined): string {
  const x = num(s);
  return Number.isFinite(x) ? String(x) : '0';
}

/** The expiration (ISO) and root (SPX/SPXW) of an OCC call symbol such as SPXW260320C06000000. */
export function occCall(symbol: string): { expiration: string; root: string } | undefined {
  const m = /^(SPXW?)(\d{2})(\d{2})(\d{2})C/.exec(symbol);
  return m ? { expiration: `20${m[2]}-${m[3]}-${m[4]}`, root: m[1] as string } : undefined;
}

/** fixQuote on every row (in place), logging the asks of 0 and the crossed quotes under `section`. */
function cleanQuotes(ctx: BuildContext, section: string, rows: Row[], ib: number, ia: number, label: (r: Row) => string): void {
  const noAsk: string[] = [];
  const crossed: string[] = [];
  for (const [i, r] of rows.entries()) {
    const { row, fix } = fixQuote(r, ib, ia, label(r));
    if (fix === 'noAsk') noAsk.push(`${label(r)} bid ${r[ib]} ask 0`);
    if (fix === 'crossed') crossed.push(`${label(r)} bid ${r[ib]} ask ${r[ia]}`);
    rows[i] = row;
  }
  ctx.log.correct(section, 'ask of 0 (no offer) written as empty', noAsk);
  ctx.log.correct(section, 'crossed quotes (bid > ask > 0) written as empty bid and ask', crossed);
}

function optionType(r: RawRow, column: string): string {
  const type = String(cell(r, column));
  check(type === 'call' || type === 'put', at(r), `bad ${column} "${type}"`);
  return type;
}

export function buildSpxChain(ctx: BuildContext): void {
  const section = 'SPX chain 2026-01-30';
  const raw = ctx.read('spx_option_chain_2026-01-30.csv', ['contractSymbol', 'strike', 'bid', 'ask', 'lastPrice', 'volume', 'openInterest', 'option_type', 'expiration']);
  const volBlank = raw.filter((r) => !Number.isFinite(num(cell(r, 'volume')))).length;
  const oiBlank = raw.filter((r) => !Number.isFinite(num(cell(r, 'openInterest')))).length;
  const rows = raw.map((r): Row => {
    const type = optionType(r, 'option_type');
    const root = String(cell(r, 'contractSymbol')).startsWith('SPXW') ? 'SPXW' : 'SPX';
    return [dateAt(r, 'expiration'), fmt(num(cell(r, 'strike')), 2), type, fmt(num(cell(r, 'bid')), 2), fmt(num(cell(r, 'ask')), 2), fmt(num(cell(r, 'lastPrice')), 2), countOrZero(cell(r, 'volume')), countOrZero(cell(r, 'openInterest')), root];
  });
  cleanQuotes(ctx, section, rows, 3, 4, (r) => `${r[0]} ${r[8]} ${r[2]} ${r[1]}`);
  rows.sort(byKeys((r) => r[0] as string, (r) => r[8] as string, (r) => r[2] as string, (r) => Number(r[1])));
  ctx.log.correct(section, 'empty volume / open interest (Yahoo NaN = no trades) written as 0', [`volume ${volBlank} rows, open_interest ${oiBlank} rows`], '', volBlank + oiBlank);
  ctx.log.correct(section, 'Yahoo impliedVolatility dropped (unreliable, 1e-5..6.2; recompute from bid/ask)', [`${rows.length} rows`], '', rows.length);
  ctx.log.table('spx_chain_2026-01-30.csv', ['expiration', 'strike', 'type', 'bid', 'ask', 'last', 'volume', 'open_interest', 'root'], rows);
}

export function buildSpxCalls(ctx: BuildContext): void {
  const section = 'SPX calls 2026-03-13';
  const raw = ctx.read('spx_calls_chain_2026-03-13.csv', ['contractSymbol', 'lastTradeDate', 'strike', 'lastPrice', 'bid', 'ask', 'volume', 'openInterest']);
  const rows = raw.map((r): Row => {
    const occ = occCall(String(cell(r, 'contractSymbol')));
    check(occ !== undefined, at(r), `bad contractSymbol "${String(cell(r, 'contractSymbol'))}"`);
    return [occ.expiration, fmt(num(cell(r, 'strike')), 2), fmt(num(cell(r, 'bid')), 2), fmt(num(cell(r, 'ask')), 2), fmt(num(cell(r, 'lastPrice')), 2), countOrZero(cell(r, 'volume')), countOrZero(cell(r, 'openInterest')), occ.root, String(cell(r, 'lastTradeDate')).slice(0, 10)];
  });
  cleanQuotes(ctx, section, rows, 2, 3, (r) => `${r[0]} ${r[7]} call ${r[1]}`);
  rows.sort(byKeys((r) => r[0] as string, (r) => r[7] as string, (r) => Number(r[1])));
  ctx.log.correct(section, 'expiration taken from the OCC symbol; spot/timetoMaturity/IV columns dropped (quotes probably captured 2026-03-16, see PROVENANCE)', [`${rows.length} rows`], '', rows.length);
  ctx.log.table('spx_calls_2026-03-13.csv', ['expiration', 'strike', 'bid', 'ask', 'last', 'volume', 'open_interest', 'root', 'last_trade_date'], rows);
}

export function buildVixOptions(ctx: BuildContext): void {
  const raw = ctx.read('vix_option_eod_2024-06-03.csv', ['contract_type', 'strike_price', 'expiration_date', 'open', 'high', 'low', 'close', 'volume']);
  const rows = raw.map((r): Row => {
    const type = optionType(r, 'contract_type');
    const price = (c: string): string => fmt(num(cell(r, c)), 2);
    return [dateAt(r, 'expiration_date'), price('strike_price'), type, price('open'), price('high'), price('low'), price('close'), countOrZero(cell(r, 'volume'))];
  });
  rows.sort(byKeys((r) => r[0] as string, (r) => r[2] as string, (r) => Number(r[1])));
  ctx.log.correct('VIX options 2024-06-03', 'imp_vol and greeks dropped (computed against spot VIX, wrong); untraded rows keep empty prices', [`${rows.length} rows, ${rows.filter((r) => r[6] === '').length} untraded`], '', rows.length);
  ctx.log.table('vix_options_2024-06-03.csv', ['expiration', 'strike', 'type', 'open', 'high', 'low', 'close', 'volume'], rows);
}

export function buildVxth(ctx: BuildContext): void {
  const file = 'vxth_vix_calls_2006_2011_cboe.csv';
  const cols = ['VXTH', 'SPX', 'dividend_points', 'vix_call_strike', 'call_bid', 'call_ask', 'call_mid', 'number_of_calls'];
  let rows = ctx.read(file, ['date', 'vix_call_expiration', ...cols]).map((r): Row => {
    const f = (c: string, dp: number): string => fmt(num(cell(r, c)), dp);
    return [dateAt(r, 'date'), f('VXTH', 2), f('SPX', 2), f('dividend_points', 4), dateAt(r, 'vix_call_expiration'), f('vix_call_strike', 2), f('call_bid', 4), f('call_ask', 4), f('call_mid', 4), f('number_of_calls', 8)];
  });
  rows = cleanDaily(ctx.log, 'VXTH VIX calls', rows);
  for (const r of rows) {
    const e = r[4] as string;
    check(cal.vixExpiration(Number(e.slice(0, 4)), Number(e.slice(5, 7))) === e, file, `VXTH call expiration ${e} on ${r[0]} is not a VIX expiration`);
  }
  ctx.log.crossCheck('VXTH VIX calls', 'call expirations checked against the calendar rule: all equal (asserted)', []);
  ctx.log.table('vxth_vix_calls_2006_2011.csv', ['date', 'vxth', 'spx', 'dividend_points', 'call_expiration', 'call_strike', 'call_bid', 'call_ask', 'call_mid', 'number_of_calls'], rows);
}

export function buildCndr(ctx: BuildContext): void {
  let rows = ctx.read('cndr_daily_1986_2005_cboe.csv', ['DATE', 'CNDR']).map((r): Row => {
    const v = fmt(num(cell(r, 'CNDR')), 2);
    check(Number(v) > 0, at(r), 'bad CNDR');
    return [dateAt(r, 'DATE'), v];
  });
  rows = cleanDaily(ctx.log, 'CNDR', rows);
  ctx.log.table('cndr_daily.csv', ['date', 'cndr'], rows);
}

export function buildAtmIv(ctx: BuildContext): void {
  const file = 'spx_atm_iv_term_snapshots_2026.csv';
  const rows = ctx.read(file, ['snapshot_date', 'expiration', 'dte', 'spot', 'atm_strike', 'atm_iv', 'atm_call_iv', 'atm_put_iv', 'atm_call_oi', 'atm_put_oi']).map((r): Row => {
    const f = (c: string, dp: number): string => fmt(num(cell(r, c)), dp);
    return [dateAt(r, 'snapshot_date'), dateAt(r, 'expiration'), String(num(cell(r, 'dte'))), f('spot', 2), f('atm_strike', 2), f('atm_iv', 6), f('atm_call_iv', 6), f('atm_put_iv', 6), f('atm_call_oi', 0), f('atm_put_oi', 0)];
  });
  rows.sort(byKeys((r) => r[0] as string, (r) => r[1] as string));
  for (let i = 1; i < rows.length; i++) check(!(rows[i]?.[0] === rows[i - 1]?.[0] && rows[i]?.[1] === rows[i - 1]?.[1]), file, `duplicate snapshot ${rows[i]?.[0]} ${rows[i]?.[1]}`);
  ctx.log.table('spx_atm_iv_term_2026.csv', ['snapshot_date', 'expiration', 'dte', 'spot', 'atm_strike', 'atm_iv', 'atm_call_iv', 'atm_put_iv', 'atm_call_oi', 'atm_put_oi'], rows);
}
