/**
 * Parameter-stability heat maps: one outcome over a grid of two parameters, as inline SVG
 * (no script, so the research report is one self-contained file). Where the sweep varied
 * other parameters too, each cell is the mean over them (the caption says so). A stable
 * parameter region shows as a broad plateau of one colour; an isolated bright cell is a
 * result of chance or hindsight.
 */
export interface HeatCell {
  readonly x: string;
  readonly y: string;
  readonly value: number | null;
}

export interface HeatMap {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  /** +1 when higher values are better (green), −1 when lower ones are. */
  readonly direction: 1 | -1;
  /** Cells with the same (x, y) are averaged. */
  readonly cells: readonly HeatCell[];
  readonly format: (v: number) => string;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function order(values: readonly string[]): string[] {
  const u = [...new Set(values)];
  return u.every((v) => v !== '' && Number.isFinite(Number(v))) ? u.sort((a, b) => Number(a) - Number(b)) : u.sort();
}

/** Red (worst) through pale yellow to green (best), for t in [0, 1]. */
function colour(t: number): string {
  const lerp = (a: number, b: number, u: number): number => Math.round(a + (b - a) * u);
  const [r, g, b] = t < 0.5 ? [lerp(215, 255, t * 2), lerp(48, 255, t * 2), lerp(39, 191, t * 2)] : [lerp(255, 26, (t - 0.5) * 2), lerp(255, 152, (t - 0.5) * 2), lerp(191, 80, (t - 0.5) * 2)];
  return `rgb(${r},${g},${b})`;
}

/** The mean value per cell, the axes in order (numeric axes ascending). */
export function heatGrid(m: HeatMap): { xs: string[]; ys: string[]; mean: (number | null)[][] } {
  const xs = order(m.cells.map((c) => c.x));
  const ys = order(m.cells.map((c) => c.y));
  const sum = ys.map(() => xs.map(() => 0));
  const cnt = ys.map(() => xs.map(() => 0));
  for (const c of m.cells) {
    if (c.value === null || !Number.isFinite(c.value)) continue;
    const i = ys.indexOf(c.y);
    const j = xs.indexOf(c.x);
    (sum[i] as number[])[j] = ((sum[i] as number[])[j] as number) + c.value;
    (cnt[i] as number[])[j] = ((cnt[i] as number[])[j] as number) + 1;
  }
  return { xs, ys, mean: sum.map((row, i) => row.map((s, j) => (((cnt[i] as number[])[j] as number) > 0 ? s / ((cnt[i] as number[])[j] as number) : null))) };
}

export function heatmapSvg(m: HeatMap): string {
  const { xs, ys, mean } = heatGrid(m);
  const finite = mean.flat().filter((v): v is number => v !== null);
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const cw = 64, ch = 28, left = 90, top = 44;
  const w = left + cw * xs.length + 10;
  const h = top + ch * ys.length + 40;
  const parts: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" role="img" aria-label="${esc(m.title)}" font-family="sans-serif" font-size="11">`];
  parts.push(`<text x="${left}" y="16" font-weight="bold">${esc(m.title)}</text>`);
  ys.forEach((y, i) => {
    const yy = top + ch * (ys.length - 1 - i);
    parts.push(`<text x="${left - 6}" y="${yy + ch / 2 + 4}" text-anchor="end">${esc(y)}</text>`);
    xs.forEach((x, j) => {
      const v = (mean[i] as (number | null)[])[j] ?? null;
      const t = v === null || hi === lo ? 0.5 : (m.direction === 1 ? v - lo : hi - v) / (hi - lo);
      parts.push(`<rect x="${left + cw * j}" y="${yy}" width="${cw - 1}" height="${ch - 1}" fill="${v === null ? '#ddd' : colour(t)}"><title>${esc(`${m.xLabel}=${x}, ${m.yLabel}=${y}: ${v === null ? 'n/a' : m.format(v)}`)}</title></rect>`);
      parts.push(`<text x="${left + cw * j + cw / 2}" y="${yy + ch / 2 + 4}" text-anchor="middle">${v === null ? '–' : esc(m.format(v))}</text>`);
    });
  });
  xs.forEach((x, j) => parts.push(`<text x="${left + cw * j + cw / 2}" y="${top + ch * ys.length + 14}" text-anchor="middle">${esc(x)}</text>`));
  parts.push(`<text x="${left + (cw * xs.length) / 2}" y="${top + ch * ys.length + 32}" text-anchor="middle">${esc(m.xLabel)}</text>`);
  parts.push(`<text x="4" y="${top - 6}">${esc(m.yLabel)}</text>`);
  parts.push('</svg>');
  return parts.join('');
}

/** A self-contained HTML page of sections (each a heading, a paragraph and raw HTML/SVG). */
export function researchPage(title: string, sections: readonly { heading: string; text: string; html: string }[]): string {
  const body = sections.map((s) => `<section><h2>${esc(s.heading)}</h2><p>${esc(s.text)}</p>${s.html}</section>`).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><style>body{font-family:sans-serif;margin:24px;max-width:1100px}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}section{margin-bottom:28px}</style></head><body><h1>${esc(title)}</h1>\n${body}\n</body></html>\n`;
}

/** A plain HTML table (cells escaped). */
export function htmlTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return `<table><thead><tr>${header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}
