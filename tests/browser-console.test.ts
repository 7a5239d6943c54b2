import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPortal } from '../dev/portal-build.js';
import { launchChromium, signedInPage } from './support/chromium.js';
import { newAccount } from './support/sign-in.js';
import { startTestStack, type TestStack } from './support/test-stack.js';

// What a visitor's or an agent's browser console shows: nothing. Errors there (a 401 for "who am
// I?", a stylesheet the CSP blocks) hide the real ones and make every page look broken to support.

let stack: TestStack;
let browser: Browser;
let portalDir: string;

beforeAll(async () => {
  portalDir = await mkdtemp(path.join(tmpdir(), 'ticketflow-portal-console-'));
  await buildPortal(portalDir);
  [stack, browser] = await Promise.all([startTestStack({ portalDir }), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
  if (portalDir) await rm(portalDir, { recursive: true, force: true });
});

/**
 * Everything the console and the network report as a problem on pages of this site. Warnings count
 * on the portal (our code); AdminJS's own bundles warn about themselves (a second @emotion/react
 * copy, i18next without a backend), which is upstream's business, so there only errors count.
 */
function watch(page: Page, options: { warnings: boolean }): string[] {
  const problems: string[] = [];
  const ours = (url: string) => url.startsWith(stack.baseUrl);
  page.on('console', (message) => {
    if (message.type() === 'error' || (options.warnings && message.type() === 'warning'))
      problems.push(`console ${message.type()}: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) => {
    // Cancelled by the browser because the test navigated away while it was under way (the page
    // it belonged to is gone): not something a user sees fail.
    const why = request.failure()?.errorText;
    if (ours(page.url()) && why !== 'net::ERR_ABORTED') problems.push(`request failed: ${request.url()} (${why})`);
  });
  page.on('response', (response) => {
    if (ours(page.url()) && response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
  });
  return problems;
}

describe('a clean browser console', () => {
  it('on the anonymous portal pages', async () => {
    const page = await (await browser.newContext()).newPage();
    const problems = watch(page, { warnings: true });
    for (const path of ['/', '/guest/new', '/no-such-page']) {
      await page.goto(`${stack.baseUrl}${path}`);
      await page.waitForLoadState('networkidle');
      await page.locator('h1').first().waitFor();
    }
    expect(problems).toEqual([]);
  });

  it('in the back office, signed in, with no request to Google Fonts', async () => {
    const page = await signedInPage(browser, stack.baseUrl, newAccount(stack, 'agent').email, '/admin');
    // Watched from here on: the identity provider's own pages are not ours.
    const problems = watch(page, { warnings: false });
    const elsewhere: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(stack.baseUrl) && !request.url().startsWith('data:')) elsewhere.push(request.url());
    });
    for (const [path, ready] of [
      ['/admin', '[data-testid=dashboard] [data-testid=open-by-status]'],
      ['/admin/resources/tickets', '[data-css=tickets-filter-button]'],
    ] as const) {
      await page.goto(`${stack.baseUrl}${path}`);
      await page.waitForSelector(ready, { state: 'attached' });
      await page.waitForLoadState('networkidle');
    }
    expect(problems).toEqual([]);
    expect(elsewhere).toEqual([]);
    expect(await page.content()).not.toContain('fonts.googleapis.com');
  });
});
