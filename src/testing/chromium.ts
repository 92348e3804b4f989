/**
 * Shared launcher of the browser tests: Debian's Chromium through playwright-core (no
 * browser download), headless, a fresh profile directory, no background networking.
 * Fails (never skips) when Chromium is missing: `npm test` installs it first.
 */
import { existsSync } from 'node:fs';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env['ALVH_CHROMIUM'] ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A headless persistent context on a fresh `profileDir` (passed as --user-data-dir). */
export async function launchChromium(profileDir: string, options: { offline?: boolean; width?: number; height?: number } = {}): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it with "apt-get update && apt-get install -y chromium" (CI does this in .ci/run)`);
  }
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS],
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    offline: options.offline ?? false,
  });
}
