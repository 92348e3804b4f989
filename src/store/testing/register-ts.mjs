// `node --import ./register-ts.mjs file.ts`: see ts-hooks.mjs (tests only).
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);
