/**
 * A local HTTP server for the tests of `alvh data update`: serves the fixture files of
 * src/adapters/fixtures/update under /f/<file>, plus broken answers:
 * /status/<code>, /html, /hang (never answers), /cut/<file> (announces the full length, sends
 * half, closes), /text/<key> (a body registered with `setText`), /reset/<n>/<file> (resets the
 * connection of the first n requests for that path without answering, then serves the file).
 *
 * Deterministic under load: `startSourceServer` resolves once the server listens, and every
 * answer closes its connection (`connection: close`), so a client never reuses a kept-alive
 * socket that the server closes while idle (the race behind a rare ECONNRESET).
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

export const FIXTURE_DIR = fileURLToPath(new URL('../fixtures/update/', import.meta.url));

export interface SourceServer {
  base: string;
  setText(key: string, body: string, contentType?: string): void;
  close(): Promise<void>;
}

export function fixtureText(file: string): string {
  return readFileSync(FIXTURE_DIR + file, 'utf8');
}

export async function startSourceServer(): Promise<SourceServer> {
  const texts = new Map<string, { body: string; type: string }>();
  const resets = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    res.shouldKeepAlive = false;
    const path = decodeURIComponent((req.url ?? '/').replace(/\?.*$/, ''));
    const [, kind = '', ...rest] = path.split('/');
    const arg = rest.join('/');
    const csv = { 'content-type': 'text/csv' };
    try {
      if (kind === 'f') {
        res.writeHead(200, csv).end(fixtureText(arg));
      } else if (kind === 'status') {
        res.writeHead(Number(arg), { 'content-type': 'text/plain' }).end('error');
      } else if (kind === 'html') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!DOCTYPE html><html><body>Access denied</body></html>\n');
      } else if (kind === 'htmlcsv') {
        res.writeHead(200, csv).end('<html><body>Please enable JavaScript</body></html>\n');
      } else if (kind === 'hang') {
        // Never answers; the client's timeout must end the request.
      } else if (kind === 'cut') {
        const body = Buffer.from(fixtureText(arg));
        res.writeHead(200, { ...csv, 'content-length': String(body.length) });
        res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.destroy());
      } else if (kind === 'reset') {
        const [n = '0', ...file] = rest;
        const seen = resets.get(path) ?? 0;
        resets.set(path, seen + 1);
        if (seen < Number(n)) req.socket.destroy();
        else res.writeHead(200, csv).end(fixtureText(file.join('/')));
      } else if (kind === 'text') {
        const t = texts.get(arg);
        if (t === undefined) res.writeHead(404).end('not found');
        else res.writeHead(200, { 'content-type': t.type }).end(t.body);
      } else {
        res.writeHead(404).end('not found');
      }
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    setText: (key, body, contentType = 'text/csv') => void texts.set(key, { body, type: contentType }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `--source` values pointing every source at the good fixtures; `override` replaces some. */
export function goodSources(base: string, override: Record<string, string> = {}): Record<string, string> {
  return {
    spx: `${base}/f/spx_stooq.csv`,
    vix: `${base}/f/VIX_History.csv`,
    vix9d: `${base}/f/VIX9D_History.csv`,
    vix3m: `${base}/f/VIX3M_History.csv`,
    vix6m: `${base}/f/VIX6M_History.csv`,
    vix1d: `${base}/f/VIX1D_History.csv`,
    vvix: `${base}/f/VVIX_History.csv`,
    skew: `${base}/f/SKEW_History.csv`,
    tbill: `${base}/f/fredgraph_DTB3.csv`,
    vx: `${base}/f/VX_{expiry}.csv`,
    breadth: `${base}/f/nyse_breadth.csv`,
    ...override,
  };
}
