#!/usr/bin/env node
// The browser tests drive Debian's chromium through playwright-core (no browser download).
// When it is missing and we may install packages (root with apt-get), install it;
// otherwise say exactly what to run. Runs before the test suite.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const CHROMIUM = process.env.ALVH_CHROMIUM ?? '/usr/bin/chromium';

if (!existsSync(CHROMIUM)) {
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!canInstall) {
    console.error(`tests: ${CHROMIUM} not found; install Debian's chromium (sudo apt-get install -y chromium) or set ALVH_CHROMIUM`);
    process.exit(2);
  }
  console.error('tests: installing Debian chromium for the browser tests (apt-get install -y chromium)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
}
