import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { IsoDate } from '../../core/time.js';
import { indexOfDate } from '../../market/series.js';
import { ChainDirectory } from '../../adapters/chains/directory.js';
import { bsmPrice } from '../../pricing/bsm.js';
import { black76Price } from '../../pricing/black76.js';
import { DEFAULT_CALIBRATION, dayModel, vixOptionYears } from '../../portfolio/marketModel.js';
import { halfSpread, DEFAULT_COST_MODEL } from '../../portfolio/costs.js';
import { loadEmbeddedData } from '../engineInputs.js';
import { runCli } from '../testing/run.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'alvh-chains-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const d = (s: string): IsoDate => s as IsoDate;

describe('alvh chains export', () => {
  it('writes the model’s SPX and VIX chains in both layouts, read back as the model’s prices', async () => {
    const dir = path.join(tmp, 'both');
    const spx = await runCli(['chains', 'export', '--root', 'SPX', '--from', '2024-06-03', '--to', '2024-06-04', '--dir', dir, '--json']);
    expect(spx.code, spx.err).toBe(0);
    const summary = JSON.parse(spx.out) as { files: string[]; days: number; rows: number; format: string };
    expect(summary.days).toBe(2);
    expect(summary.format).toBe('generic');
    expect(summary.files.map((f) => path.basename(f))).toEqual(['spx_2024-06-03.csv', 'spx_2024-06-04.csv']);
    const vix = await runCli(['chains', 'export', '--root', 'vix', '--from', '2024-06-03', '--to', '2024-06-04', '--dir', dir, '--format', 'datashop', '--per', 'month', '--gzip', '--json']);
    expect(vix.code, vix.err).toBe(0);
    expect((JSON.parse(vix.out) as { files: string[] }).files.map((f) => path.basename(f))).toEqual(['vix_2024-06.csv.gz']);

    const src = new ChainDirectory(dir);
    const data = loadEmbeddedData();
    const day = d('2024-06-03');
    const m = dayModel(data, indexOfDate(data.daily, day), DEFAULT_CALIBRATION);
    // SPX: the next trading day's PM expiry, a 5-point strike below spot.
    const exp = d('2024-06-04');
    const k = 5250;
    const years = 1 / 365;
    const mid = bsmPrice('put', m.spot, k, years, m.rateFrac, m.divFrac, m.spxVol(k, years));
    const q = src.quote(day, 'SPX', 'put', exp, k);
    expect(q?.mid, 'generic: the model mid exactly (the mark column)').toBe(mid);
    expect(q?.source).toBe('chain');
    const h = halfSpread(DEFAULT_COST_MODEL.spread.spxOption, mid, (data.daily.vixClose[indexOfDate(data.daily, day)] as number) / 100);
    expect(((q?.ask ?? 0) - (q?.bid ?? 0)) / 2, 'the modelled half-spread').toBeCloseTo(h, 12);
    expect(q?.underlying).toBe(m.spot);
    expect(src.expirations(day, 'SPX').slice(0, 5), 'the next five trading days').toEqual(['2024-06-04', '2024-06-05', '2024-06-06', '2024-06-07', '2024-06-10']);
    expect(src.expirations(day, 'SPX'), 'and the monthlies within 60 days').toContain('2024-07-19');
    // VIX: Black-76 on the same-expiry future; DataShop has no mark, so the midpoint of the quote.
    const vexp = m.vixExpiries(1)[0] as IsoDate;
    expect(vexp).toBe('2024-06-18');
    const f = m.vxFuture(vexp).price;
    const vmid = black76Price('call', f, 14, vixOptionYears(15), m.rateFrac, m.vixOptionVol(vexp, 14));
    const vq = src.quote(day, 'VIX', 'call', vexp, 14);
    expect(vq?.mid).toBeCloseTo(vmid, 12);
    expect(vq?.underlying, 'the same-expiry future').toBe(f);
    expect(src.expirations(day, 'VIX')).toHaveLength(8);
  });

  it('refuses bad flags with exit 2 naming the flag, writing nothing', async () => {
    const dir = path.join(tmp, 'bad');
    for (const [args, msg] of [
      [['--root', 'NDX', '--from', '2024-06-03', '--to', '2024-06-04'], /--root: must be one of SPX\|VIX/],
      [['--root', 'SPX', '--from', '2024-06-04', '--to', '2024-06-03'], /--to: must not be before --from/],
      [['--root', 'SPX', '--from', '2024-06-03', '--to', '2024-06-04', '--format', 'orats'], /--format: must be one of datashop\|generic/],
      [['--root', 'SPX', '--from', '2024-06-03', '--to', '2024-06-04', '--sd-reach', '0'], /--sd-reach: must be in/],
    ] as const) {
      const r = await runCli(['chains', 'export', ...args, '--dir', dir]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(msg);
    }
    expect(fs.existsSync(dir)).toBe(false);
  });
});
