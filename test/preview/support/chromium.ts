import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (apt-get install -y chromium): the browser the preview suites drive. */
export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where the suites write screenshots a person looks at (ignored by git). */
export const SCREENSHOTS = path.resolve(__dirname, '../../../test-artifacts/screenshots');

// In CI the browser suites must run; on a workstation without Chromium they are skipped, saying so.
const canRun = existsSync(CHROMIUM) || Boolean(process.env.CI);

/** `describe` when Chromium can run here, otherwise `describe.skip` with a warning that says how to get it. */
export function describeInBrowser(name: string, suite: () => void): void {
  if (!canRun) {
    console.warn(`${name}: skipped, ${CHROMIUM} is missing (apt-get install -y chromium). Browser suites always run when CI is set.`);
    describe.skip(name, suite);
    return;
  }
  describe(name, suite);
}

/** Starts headless Chromium and makes sure the screenshot folder exists. */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export function screenshotPath(name: string): string {
  return path.join(SCREENSHOTS, name);
}
