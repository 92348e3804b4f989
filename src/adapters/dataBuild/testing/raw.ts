/** Test helpers: a build context over small hand-made raw files. */
import { BuildLog, contextOf, type BuildContext } from '../context.js';

/** A context whose raw files are `files` (name -> CSV text); a file not given throws. */
export function rawContext(files: Readonly<Record<string, string>>): BuildContext & { log: BuildLog } {
  const log = new BuildLog();
  return contextOf((name) => {
    const text = files[name];
    if (text === undefined) throw new Error(`test: no raw file ${name}`);
    return text;
  }, log);
}

/** CSV text from lines. */
export function csv(...lines: string[]): string {
  return lines.join('\n') + '\n';
}
