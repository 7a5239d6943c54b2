import { chromium, type Browser, type Page } from 'playwright-core';

/** The system Chromium (`apt-get install chromium`); Playwright's own browser downloads are not used. */
export const chromiumPath = '/usr/bin/chromium';

// Headless, and quiet: no network calls of Chromium's own (updates, sync, QUIC probes) in tests.
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches the system Chromium through playwright-core. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
}

/**
 * A new browser context signed in through the dev identity provider's own login form (demo
 * password), ending on `returnTo` of `baseUrl` as the user would after following a link there.
 */
export async function signedInPage(
  browser: Browser,
  baseUrl: string,
  email: string,
  returnTo: string,
  viewport = { width: 1400, height: 900 },
): Promise<Page> {
  const page = await (await browser.newContext({ viewport })).newPage();
  await page.goto(`${baseUrl}${returnTo}`);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', 'demo');
  await page.click('button[type=submit]');
  await page.waitForURL((url) => url.href.startsWith(`${baseUrl}${returnTo}`));
  return page;
}
