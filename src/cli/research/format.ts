/** Small output helpers of the research commands. */
import { InputError } from '../../core/errors.js';
import { writeFileAtomic } from '../io.js';


/** Writes a report file atomically; a path that cannot be written is an InputError naming --report. */
export function writeFileAtomicReport(path: string, html: string): void {
  try {
    writeFileAtomic(path, html);
  } catch (e) {
    throw new InputError('--report', `cannot write "${path}": ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}
