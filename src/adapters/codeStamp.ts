/**
 * What a parsed-copy cache was written by: the version and the size and mtime of the code
 * that parses (each build writes these files anew). A copy written by another build of the
 * parser, say one that read numbers differently, is then not read back, even under the same
 * version number.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALVH_VERSION } from '../core/version.js';

/** The stamp of modules given relative to `moduleUrl` without their extension (the caller's own: .js built, .ts in tests). */
export function codeStamp(moduleUrl: string, modules: readonly string[]): string {
  const here = fileURLToPath(moduleUrl);
  const ext = path.extname(here);
  const parts = modules.map((m) => {
    const st = fs.statSync(path.join(path.dirname(here), m + ext), { throwIfNoEntry: false });
    return st === undefined ? `${m}:?` : `${m}:${st.size}:${Math.trunc(st.mtimeMs)}`;
  });
  return [ALVH_VERSION, ...parts].join(',');
}
