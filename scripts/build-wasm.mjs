#!/usr/bin/env node
// Compiles the hand-written WebAssembly text of src/pricing/wasm/*.wat into a TypeScript
// module holding the bytes (base64), src/pricing/wasm/NAME.wasm.ts, so that the library
// needs no build step and no file read at run time. Uses wabt (wat2wasm compiled to
// JavaScript, a devDependency). Run after editing a .wat: `npm run wasm:build`; the test
// src/pricing/wasm/wasm.test.ts fails while a .wasm.ts is not its .wat's bytes.
import { readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'pricing', 'wasm');
const wabt = await wabtInit();

for (const file of readdirSync(dir).filter((f) => f.endsWith('.wat')).sort()) {
  const name = file.slice(0, -'.wat'.length);
  const mod = wabt.parseWat(file, readFileSync(join(dir, file), 'utf8'), { simd: true });
  mod.validate();
  const bytes = Buffer.from(mod.toBinary({}).buffer);
  mod.destroy();
  const out = join(dir, `${name}.wasm.ts`);
  const text = `// Generated from ${file} by scripts/build-wasm.mjs (npm run wasm:build): do not edit.\n`
    + `/** The module's bytes, base64 (${bytes.length} bytes). */\n`
    + `export const WASM_BASE64 = '${bytes.toString('base64')}';\n`;
  writeFileSync(`${out}.tmp`, text);
  renameSync(`${out}.tmp`, out);
  console.log(`${file} → ${name}.wasm.ts (${bytes.length} bytes)`);
}
