/** Policy files (JSON or YAML) read by the commands: parsed here, validated by hedge/parsePolicy. */
import { createRequire } from 'node:module';
import { InputError } from '../core/errors.js';
import { parsePolicy, type HedgePolicy } from '../hedge/index.js';

type YamlParse = (text: string, options: { prettyErrors: boolean }) => unknown;
let yamlParse: YamlParse | null = null;

/** The yaml package, loaded on the first YAML file (it costs ~60 ms at start-up that JSON runs need not pay). */
export function parseYaml(text: string): unknown {
  yamlParse ??= (createRequire(import.meta.url)('yaml') as { parse: YamlParse }).parse;
  return yamlParse(text, { prettyErrors: true });
}

/** Parses a policy file's text (`json` or `yaml`) and validates it with `parsePolicy`. */
export function loadPolicyFile(text: string, format: 'json' | 'yaml'): HedgePolicy {
  let json: unknown;
  try {
    json = format === 'json' ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    const msg = e instanceof Error ? (e.message.split('\n')[0] ?? e.message) : String(e);
    throw new InputError('policy', `not valid ${format.toUpperCase()}: ${msg}`);
  }
  return parsePolicy(json);
}

/** A policy as a policy file's text: YAML for .yaml/.yml, JSON otherwise (read back by `loadPolicyFile`). */
export function policyFileText(policy: HedgePolicy, format: 'json' | 'yaml'): string {
  if (format === 'json') return `${JSON.stringify(policy, null, 2)}\n`;
  return (createRequire(import.meta.url)('yaml') as { stringify: (v: unknown) => string }).stringify(policy);
}
