import { chromium, type Browser } from 'playwright-core';

/** The system Chromium (`apt-get install chromium`); Playwright's own browser downloads are not used. */
export const chromiumPath = '/usr/bin/chromium';

// Headless, and quiet: no network calls of Chromium's own (updates, sync, QUIC probes) in tests.
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Launches the system Chromium through playwright-core. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
}
