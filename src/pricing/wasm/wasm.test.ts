import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import wabtInit from 'wabt';
import { WASM_BASE64 } from './bsmPriceDelta.wasm.js';

describe('WebAssembly kernels', () => {
  it('bsmPriceDelta.wasm.ts holds the bytes of bsmPriceDelta.wat (npm run wasm:build after an edit)', async () => {
    const wabt = await wabtInit();
    const mod = wabt.parseWat('bsmPriceDelta.wat', readFileSync(new URL('./bsmPriceDelta.wat', import.meta.url), 'utf8'), { simd: true });
    mod.validate();
    const bytes = Buffer.from(mod.toBinary({}).buffer);
    mod.destroy();
    expect(WASM_BASE64, 'run npm run wasm:build').toBe(bytes.toString('base64'));
  });
});
