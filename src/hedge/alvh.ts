/**
 * ALVH, the Adaptive Layered VIX Hedge (DESIGN §1.2): the daily target as a pure step
 * `(state, inputs) → {state, decision}`. The backtest folds it over the whole history;
 * the daily signal folds it over the same history and reads the last decision, so both
 * run the same code. A step reads today's inputs and the state only: no lookahead.
 *
 * Rules, in order:
 * 1. Regime from the VIX close with hysteresis (regime.ts).
 * 2. Band of the regime. The high band is temporary: from the VIX's peak close within
 *    the current high episode, the band glides linearly to the moderate band over
 *    `highDecayDays` trading days (w = min(1, daysSincePeak / highDecayDays);
 *    band = high + w·(moderate − high), lo and hi alike). A new peak re-arms it in full.
 * 3. target = lo + s·(hi − lo), s the signal score (signalScore.ts).
 * 4. Layer composition. Layers are nested by regime: the split of the regime gives the
 *    layers (positive split = active). RSI(14)-of-VIX triggers shift the composition by
 *    one regime for `layerHoldDays` trading days (the day of the cross counts as day 1):
 *    - cross above `rsiCrossAbove` (yesterday ≤, today >): use the next regime's split,
 *      which adds its next layer ahead of the regime (nothing to add in high);
 *    - cross below `rsiCrossBelow` (yesterday ≥, today <): remove the most recent
 *      optional layer: cancels an active add, or else uses the previous regime's split
 *      (L1, the core layer, is never removed).
 *    A regime switch ends any trigger (the regime caught up or moved). The total target
 *    is the band's; a trigger changes how it is split, not its size.
 * 5. Each layer's target = target × its split.
 */
import { InputError } from '../core/errors.js';
import type { IsoDate } from '../core/time.js';
import { fmtNum, fmtPct, fmtTarget, targetUnit, type HedgeDecision, type LayerTarget, type StepOptions } from './decision.js';
import { LAYER_NAMES, REGIMES, type AlvhPolicy, type Band, type LayerName } from './policy.js';
import { INITIAL_REGIME_STATE, rawRegimeLevel, regimeName, stepRegime, type RegimeLevel, type RegimeState } from './regime.js';
import { signalScore, type SignalComponent, type SignalScore } from './signalScore.js';

/** Day t's inputs, all known at the close of day t (indicators precomputed elsewhere). */
export interface AlvhDayInputs {
  readonly date: IsoDate;
  readonly vixClosePts: number;
  /** RSI(14) of the VIX close; NaN during warm-up. */
  readonly vixRsi14: number;
  /** SPX MACD(12,26,9) histogram; NaN during warm-up. */
  readonly spxMacdHist: number;
  /** NYSE A/D-line vs SPX bearish divergence score 0..1; NaN when unavailable. */
  readonly breadthDivergence01: number;
  /** Trading days until the next FOMC/CPI/PPI release (0 = today, Infinity = none known, NaN = no calendar). */
  readonly tradingDaysToNextEvent: number;
  /** Today's value of each user series named in the policy (missing or NaN = unavailable). */
  readonly userSeries?: Readonly<Record<string, number>>;
}

export type TriggerShift = -1 | 0 | 1;

export interface AlvhState {
  readonly lastDate: IsoDate | null;
  readonly regime: RegimeState;
  /** Yesterday's inputs that rules compare against (NaN before the first day). */
  readonly prevVixRsi14: number;
  readonly prevSpxMacdHist: number;
  readonly prevUserSeries: Readonly<Record<string, number>>;
  /** Composition shift from an RSI trigger and the trading days it still lasts (including today). */
  readonly triggerShift: TriggerShift;
  readonly triggerDaysLeft: number;
  /** Peak VIX close of the current high episode (NaN outside high) and trading days since it. */
  readonly highPeakVixPts: number;
  readonly daysSinceHighPeak: number;
}

export const INITIAL_ALVH_STATE: AlvhState = {
  lastDate: null,
  regime: INITIAL_REGIME_STATE,
  prevVixRsi14: Number.NaN,
  prevSpxMacdHist: Number.NaN,
  prevUserSeries: {},
  triggerShift: 0,
  triggerDaysLeft: 0,
  highPeakVixPts: Number.NaN,
  daysSinceHighPeak: 0,
};

export interface AlvhDecision extends HedgeDecision {
  readonly policy: 'alvh';
  readonly regime: (typeof REGIMES)[number];
  readonly signalScore01: number;
  /** The band used today (decayed when in high). */
  readonly band: Band;
  /** 0 = full high band … 1 = fully decayed to the moderate band (0 outside high). */
  readonly highDecayWeight: number;
  /** The regime whose split is used (differs from `regime` while a trigger holds). */
  readonly compositionRegime: (typeof REGIMES)[number];
  readonly triggerShift: TriggerShift;
  readonly signal: SignalScore;
}

export interface AlvhStep {
  readonly state: AlvhState;
  readonly decision: AlvhDecision;
}

type TriggerEvent =
  | { kind: 'none' }
  | { kind: 'expired'; shift: TriggerShift }
  | { kind: 'clearedBySwitch'; shift: TriggerShift }
  | { kind: 'crossAbove'; effect: 'added' | 'nothingToAdd' }
  | { kind: 'crossBelow'; effect: 'cancelledAdd' | 'removed' | 'nothingToRemove' };

function clampLevel(x: number): RegimeLevel {
  return (x <= 0 ? 0 : x >= 2 ? 2 : x) as RegimeLevel;
}

/** One trading day of ALVH. Pure: the same (policy, state, inputs) always give the same result. */
export function stepAlvh(policy: AlvhPolicy, state: AlvhState, x: AlvhDayInputs, opts: StepOptions = {}): AlvhStep {
  if (state.lastDate !== null && x.date <= state.lastDate) {
    throw new InputError('date', `days must be strictly increasing: ${x.date} after ${state.lastDate}`);
  }
  // 1. Regime.
  const regime = stepRegime(state.regime, x.vixClosePts, policy.regime);
  const level = regime.level ?? 0;
  const switchedToday = regime.switched !== null;

  // 2. Band, with the high band's decay.
  let highPeakVixPts = Number.NaN;
  let daysSinceHighPeak = 0;
  let w = 0;
  let band: Band = policy.bands[regimeName(level)];
  if (level === 2) {
    const freshEpisode = state.regime.level !== 2 || Number.isNaN(state.highPeakVixPts);
    if (freshEpisode || x.vixClosePts >= state.highPeakVixPts) {
      highPeakVixPts = x.vixClosePts;
      daysSinceHighPeak = 0;
    } else {
      highPeakVixPts = state.highPeakVixPts;
      daysSinceHighPeak = state.daysSinceHighPeak + 1;
    }
    w = policy.highDecayDays > 0 ? Math.min(1, daysSinceHighPeak / policy.highDecayDays) : 0;
    const hb = policy.bands.high;
    const mb = policy.bands.moderate;
    band = { lo: hb.lo + w * (mb.lo - hb.lo), hi: hb.hi + w * (mb.hi - hb.hi) };
  }

  // 3. Signal score and target.
  const userPoints: Record<string, { value: number; prevValue: number }> = {};
  for (const u of policy.signal.userSeries) {
    userPoints[u.name] = { value: x.userSeries?.[u.name] ?? Number.NaN, prevValue: state.prevUserSeries[u.name] ?? Number.NaN };
  }
  const sig = signalScore(policy.signal, {
    vixRsi14: x.vixRsi14,
    spxMacdHist: x.spxMacdHist,
    spxMacdHistPrev: state.prevSpxMacdHist,
    breadthDivergence01: x.breadthDivergence01,
    tradingDaysToNextEvent: x.tradingDaysToNextEvent,
    userSeries: userPoints,
  });
  const s = sig.score01;
  const targetFraction = band.lo + s * (band.hi - band.lo);

  // 4. Triggers and composition.
  const t = policy.triggers;
  let shift: TriggerShift = state.triggerShift;
  let daysLeft = state.triggerDaysLeft;
  let event: TriggerEvent = { kind: 'none' };
  if (shift !== 0 && switchedToday) {
    event = { kind: 'clearedBySwitch', shift };
    shift = 0;
    daysLeft = 0;
  } else if (shift !== 0) {
    daysLeft -= 1;
    if (daysLeft <= 0) {
      event = { kind: 'expired', shift };
      shift = 0;
      daysLeft = 0;
    }
  }
  const prevRsi = state.prevVixRsi14;
  const rsi = x.vixRsi14;
  const bothRsi = Number.isFinite(prevRsi) && Number.isFinite(rsi);
  if (bothRsi && prevRsi <= t.rsiCrossAbove && rsi > t.rsiCrossAbove) {
    if (level < 2) {
      shift = 1;
      daysLeft = t.layerHoldDays;
      event = { kind: 'crossAbove', effect: 'added' };
    } else {
      shift = 0;
      daysLeft = 0;
      event = { kind: 'crossAbove', effect: 'nothingToAdd' };
    }
  } else if (bothRsi && prevRsi >= t.rsiCrossBelow && rsi < t.rsiCrossBelow) {
    if (shift === 1) {
      shift = 0;
      daysLeft = 0;
      event = { kind: 'crossBelow', effect: 'cancelledAdd' };
    } else if (level > 0) {
      shift = -1;
      daysLeft = t.layerHoldDays;
      event = { kind: 'crossBelow', effect: 'removed' };
    } else {
      event = { kind: 'crossBelow', effect: 'nothingToRemove' };
    }
  }
  const compLevel = clampLevel(level + shift);
  const compRegime = regimeName(compLevel);
  const split = policy.splits[compRegime];
  const layers: LayerTarget[] = LAYER_NAMES.map((name) => ({
    layer: name,
    instrument: policy.layers[name].instrument,
    active: split[name] > 0,
    splitFrac: split[name],
    targetFraction: targetFraction * split[name],
  }));

  const prevUserSeries: Record<string, number> = {};
  for (const u of policy.signal.userSeries) prevUserSeries[u.name] = x.userSeries?.[u.name] ?? Number.NaN;
  const nextState: AlvhState = {
    lastDate: x.date,
    regime,
    prevVixRsi14: rsi,
    prevSpxMacdHist: x.spxMacdHist,
    prevUserSeries,
    triggerShift: shift,
    triggerDaysLeft: daysLeft,
    highPeakVixPts,
    daysSinceHighPeak,
  };

  const regimeNameToday = regimeName(level);
  const rationale =
    opts.explain === false
      ? []
      : explain(policy, {
          x,
          regime,
          level,
          band,
          w,
          highPeakVixPts,
          daysSinceHighPeak,
          sig,
          prevMacd: state.prevSpxMacdHist,
          prevRsi,
          prevUserSeries: state.prevUserSeries,
          targetFraction,
          event,
          compRegime,
          daysLeft,
          layers,
        });

  return {
    state: nextState,
    decision: {
      policy: 'alvh',
      date: x.date,
      basis: policy.basis,
      regime: regimeNameToday,
      signalScore01: s,
      targetFraction,
      layers,
      rebalance: { kind: 'band', band: policy.rebalanceBand },
      rationale,
      band,
      highDecayWeight: w,
      compositionRegime: compRegime,
      triggerShift: shift,
      signal: sig,
    },
  };
}

/**
 * Folds `stepAlvh` over consecutive days from `initial` (default: a fresh state).
 * `explain: 'last'` builds the rationale of the last day only: the daily signal replays
 * the history cheaply and explains today.
 */
export function runAlvh(
  policy: AlvhPolicy,
  days: readonly AlvhDayInputs[],
  opts: { readonly explain?: boolean | 'last'; readonly initial?: AlvhState } = {},
): { readonly decisions: AlvhDecision[]; readonly state: AlvhState } {
  let state = opts.initial ?? INITIAL_ALVH_STATE;
  const decisions: AlvhDecision[] = [];
  const quiet: StepOptions = { explain: false };
  const loud: StepOptions = { explain: true };
  for (let i = 0; i < days.length; i++) {
    const day = days[i] as AlvhDayInputs;
    const explainToday = opts.explain === 'last' ? i === days.length - 1 : opts.explain !== false;
    const r = stepAlvh(policy, state, day, explainToday ? loud : quiet);
    decisions.push(r.decision);
    state = r.state;
  }
  return { decisions, state };
}

// ---------------------------------------------------------------------------------------
// Rationale

interface ExplainCtx {
  x: AlvhDayInputs;
  regime: RegimeState;
  level: RegimeLevel;
  band: Band;
  w: number;
  highPeakVixPts: number;
  daysSinceHighPeak: number;
  sig: SignalScore;
  prevMacd: number;
  prevRsi: number;
  prevUserSeries: Readonly<Record<string, number>>;
  targetFraction: number;
  event: TriggerEvent;
  compRegime: (typeof REGIMES)[number];
  daysLeft: number;
  layers: readonly LayerTarget[];
}

const LAYER_ROLE: Record<LayerName, string> = { L1: 'core convexity', L2: 'second engine', L3: 'gamma damper' };

function explain(p: AlvhPolicy, c: ExplainCtx): string[] {
  const out: string[] = [];
  const r = p.regime;
  const v = c.x.vixClosePts;
  const name = regimeName(c.level);
  const scale = `low < ${fmtNum(r.lowBelowVixPts)} ≤ moderate ≤ ${fmtNum(r.highAboveVixPts)} < high`;
  if (c.regime.switched !== null) {
    const sw = c.regime.switched;
    const up = REGIMES.indexOf(sw.from) < c.level;
    const boundary = up ? (c.level === 2 ? r.highAboveVixPts : r.lowBelowVixPts) : c.level === 0 ? r.lowBelowVixPts : r.highAboveVixPts;
    const why =
      sw.rule === 'hysteresis'
        ? `${pts(Math.abs(v - boundary))} ${up ? 'above' : 'below'} the ${fmtNum(boundary)} boundary, at least the ${fmtNum(r.hysteresisPts)}-point hysteresis`
        : `the ${r.confirmDays}${ordinalSuffix(r.confirmDays)} consecutive close ${up ? 'above' : 'below'} the ${fmtNum(boundary)} boundary`;
    out.push(`Regime ${name}: switched from ${sw.from} as VIX closed at ${fmtNum(v)}, ${why} (${scale}).`);
  } else if (c.regime.daysInRegime <= 1) {
    out.push(`Regime ${name}: first VIX close ${fmtNum(v)} (${scale}).`);
  } else {
    const raw = rawRegimeLevel(v, r);
    const held =
      raw === c.level
        ? ''
        : ` VIX is on the ${regimeName(raw)} side but not yet by ${fmtNum(r.hysteresisPts)} points or for ${r.confirmDays} consecutive closes, so the regime holds (hysteresis).`;
    out.push(`Regime ${name} for ${c.regime.daysInRegime} trading days: VIX closed at ${fmtNum(v)} (${scale}).${held}`);
  }

  if (c.level === 2 && p.highDecayDays > 0) {
    if (c.daysSinceHighPeak === 0) {
      out.push(`High band in full, ${fmtTarget(p.basis, c.band.lo)}–${fmtTarget(p.basis, c.band.hi)} ${targetUnit(p.basis)}: VIX ${fmtNum(v)} is this high episode's peak close.`);
    } else {
      out.push(
        `High band decaying toward the moderate band: ${c.daysSinceHighPeak} of ${p.highDecayDays} trading days since the VIX peak close of ${fmtNum(c.highPeakVixPts)} → band ${fmtTarget(p.basis, c.band.lo)}–${fmtTarget(p.basis, c.band.hi)} ${targetUnit(p.basis)}.`,
      );
    }
  } else {
    out.push(`Band for the ${name} regime: ${fmtTarget(p.basis, c.band.lo)}–${fmtTarget(p.basis, c.band.hi)} ${targetUnit(p.basis)}.`);
  }

  for (const comp of c.sig.components) out.push(describeComponent(p, comp, c));
  const used = c.sig.components.filter((k) => k.used).length;
  out.push(
    c.sig.neutralFallback
      ? `No signal component available: s = ${fmtNum(c.sig.score01, 3)}, the middle of the band.`
      : `Signal score s = ${fmtNum(c.sig.score01, 3)}, the weighted mean of ${used} component${used === 1 ? '' : 's'}.`,
  );
  out.push(
    `Target hedge = ${fmtTarget(p.basis, c.band.lo)} + ${fmtNum(c.sig.score01, 3)} × (${fmtTarget(p.basis, c.band.hi)} − ${fmtTarget(p.basis, c.band.lo)}) = ${fmtTarget(p.basis, c.targetFraction)} ${targetUnit(p.basis)} (${p.basis} basis).`,
  );

  const t = p.triggers;
  const rsiTxt = `RSI(14) of VIX crossed ${c.event.kind === 'crossAbove' ? 'above' : 'below'} ${fmtNum(c.event.kind === 'crossAbove' ? t.rsiCrossAbove : t.rsiCrossBelow)} (${fmtNum(c.prevRsi, 1)} → ${fmtNum(c.x.vixRsi14, 1)})`;
  switch (c.event.kind) {
    case 'crossAbove':
      out.push(
        c.event.effect === 'added'
          ? `${rsiTxt}: the next layer is added ahead of the regime for ${t.layerHoldDays} trading days (the ${c.compRegime} split is used).`
          : `${rsiTxt}: every layer is already active in the high regime, nothing to add.`,
      );
      break;
    case 'crossBelow':
      out.push(
        c.event.effect === 'cancelledAdd'
          ? `${rsiTxt}: the layer added by the earlier RSI trigger is removed.`
          : c.event.effect === 'removed'
            ? `${rsiTxt}: the most recent optional layer is removed for ${t.layerHoldDays} trading days (the ${c.compRegime} split is used).`
            : `${rsiTxt}: only the core layer L1 is active, nothing to remove.`,
      );
      break;
    case 'expired':
      out.push(`The RSI trigger that ${c.event.shift > 0 ? 'added' : 'removed'} a layer ended after ${t.layerHoldDays} trading days: back to the ${name} split.`);
      break;
    case 'clearedBySwitch':
      out.push(`The RSI trigger that ${c.event.shift > 0 ? 'added' : 'removed'} a layer ended with the regime switch: the ${name} split applies.`);
      break;
    case 'none':
      if (c.compRegime !== name) out.push(`An RSI trigger holds for ${c.daysLeft} more trading day${c.daysLeft === 1 ? '' : 's'}: the ${c.compRegime} split is used.`);
      break;
  }

  for (const l of c.layers) {
    const def = p.layers[l.layer];
    out.push(
      l.active
        ? `${l.layer} (${LAYER_ROLE[l.layer]}, ${def.instrument}): ${fmtPct(l.splitFrac, 0)} of the target = ${fmtTarget(p.basis, l.targetFraction)} ${targetUnit(p.basis)}.`
        : `${l.layer} (${LAYER_ROLE[l.layer]}, ${def.instrument}): off, not in the ${c.compRegime} split; close any position.`,
    );
  }
  return out;
}

function pts(x: number): string {
  const t = fmtNum(x);
  return `${t} point${t === '1' ? '' : 's'}`;
}

function ordinalSuffix(n: number): string {
  const m100 = n % 100;
  if (m100 >= 11 && m100 <= 13) return 'th';
  return n % 10 === 1 ? 'st' : n % 10 === 2 ? 'nd' : n % 10 === 3 ? 'rd' : 'th';
}

function weightTxt(comp: SignalComponent): string {
  return comp.weight > 0 ? `weight ${fmtNum(comp.weight, 3)}` : 'weight 0, left out';
}

function describeComponent(p: AlvhPolicy, comp: SignalComponent, c: ExplainCtx): string {
  const val = fmtNum(comp.value01, 3);
  const na = Number.isNaN(comp.value01);
  switch (comp.key) {
    case 'rsi':
      return na
        ? 'RSI(14) of VIX unavailable (warm-up): left out.'
        : `RSI(14) of VIX ${fmtNum(c.x.vixRsi14, 1)} → ${val} (0 at ${fmtNum(p.signal.rsiZeroAt)}, 1 at ${fmtNum(p.signal.rsiOneAt)}), ${weightTxt(comp)}.`;
    case 'macd': {
      if (na) return 'SPX MACD histogram unavailable (warm-up): left out.';
      const h = c.x.spxMacdHist;
      const side = h < 0 ? 'below zero (bearish)' : 'at or above zero';
      const trend = Number.isFinite(c.prevMacd)
        ? `${h < c.prevMacd ? 'falling' : h > c.prevMacd ? 'rising' : 'unchanged'} from ${fmtNum(c.prevMacd, 3)}`
        : 'no previous value';
      const cross = Number.isFinite(c.prevMacd) && c.prevMacd >= 0 && h < 0 ? ', a bearish cross' : '';
      return `SPX MACD histogram ${fmtNum(h, 3)}, ${side}, ${trend}${cross} → ${val}, ${weightTxt(comp)}.`;
    }
    case 'breadth':
      return na ? 'A/D breadth divergence unavailable: left out.' : `A/D line vs SPX bearish divergence score ${val} → ${val}, ${weightTxt(comp)}.`;
    case 'events': {
      const d = c.x.tradingDaysToNextEvent;
      const wdays = p.signal.eventWindowDays;
      if (na) return 'Macro event calendar unavailable: left out.';
      if (comp.value01 === 1) return `FOMC/CPI/PPI release ${d === 0 ? 'today' : `in ${d} trading day${d === 1 ? '' : 's'}`}, within the ${wdays}-day window → 1, ${weightTxt(comp)}.`;
      return `No FOMC/CPI/PPI release within ${wdays} trading days${Number.isFinite(d) ? ` (next in ${d})` : ''} → 0, ${weightTxt(comp)}.`;
    }
    default: {
      const nm = comp.key.slice('user:'.length);
      const rule = p.signal.userSeries.find((u) => u.name === nm);
      const value = c.x.userSeries?.[nm];
      if (na || rule === undefined || value === undefined) return `User series ${nm} unavailable: left out.`;
      const prev = c.prevUserSeries[nm];
      const prevTxt = rule.rule.startsWith('cross') && prev !== undefined ? ` (yesterday ${fmtNum(prev, 4)})` : '';
      return `User series ${nm} ${fmtNum(value, 4)}${prevTxt}, rule ${rule.rule} ${fmtNum(rule.threshold, 4)} → ${val}, ${weightTxt(comp)}.`;
    }
  }
}
