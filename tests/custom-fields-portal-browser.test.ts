import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPassword } from '../db/seeds/demo-users.js';
import { buildPortal } from '../dev/portal-build.js';
import type { DevAccount } from '../dev/dev-idp.js';
import { launchChromium } from './support/chromium.js';
import { eventually } from './support/eventually.js';
import { createIsolatedDatabase } from './support/isolated-database.js';
import { checkPage, viewports } from './support/page-checks.js';
import { newAccount } from './support/sign-in.js';
import { startTestStack, type TestStack } from './support/test-stack.js';

// Custom fields a manager defined, as customers meet them in the portal: in real Chromium against the
// real server and database. A database of its own, since a field required at creation applies to every
// ticket in it. Screenshots land in test-artifacts/portal/.

let portalDir: string;
let database: Awaited<ReturnType<typeof createIsolatedDatabase>>;
let stack: TestStack;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  portalDir = await mkdtemp(path.join(tmpdir(), 'ticketflow-portal-'));
  [database] = await Promise.all([createIsolatedDatabase(), buildPortal(portalDir)]);
  [stack, browser] = await Promise.all([startTestStack({ portalDir, databaseUrl: database.url }), launchChromium()]);
  // As a manager defines them in the back office: one for staff only, one customers see but may not set.
  await stack.db('custom_fields').insert([
    {
      key: 'product',
      label: 'Product',
      description: 'Which device is affected?',
      type: 'single_select',
      options: JSON.stringify(['Printer', 'Scanner', 'Copier']),
      required_for_statuses: ['new'],
      customer_visible: true,
      customer_editable: true,
      position: 1,
    },
    {
      key: 'serial',
      label: 'Serial number',
      description: 'On the sticker at the back.',
      type: 'text',
      customer_visible: true,
      customer_editable: true,
      position: 2,
    },
    {
      key: 'copies',
      label: 'Copies a day',
      type: 'number',
      customer_visible: true,
      customer_editable: true,
      position: 3,
    },
    { key: 'contract', label: 'Contract', type: 'text', customer_visible: true, customer_editable: false, position: 4 },
    {
      key: 'root_cause',
      label: 'Root cause',
      type: 'text',
      customer_visible: false,
      customer_editable: false,
      position: 0,
    },
  ]);
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await stack?.close();
  await database?.drop();
  if (portalDir) await rm(portalDir, { recursive: true, force: true });
});

async function newPage(): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: viewports.desktop });
  contexts.push(context);
  context.setDefaultTimeout(5_000);
  context.setDefaultNavigationTimeout(20_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, errors };
}

async function signInThroughForm(page: Page, account: DevAccount): Promise<void> {
  await page.waitForURL((url) => url.href.startsWith(stack.idp.issuer));
  await page.getByLabel('E-mail').fill(account.email);
  await page.getByLabel('Password').fill(demoPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.href.startsWith(stack.baseUrl) && !url.pathname.startsWith('/auth/'));
}

const heading = (page: Page) => page.locator('main h1');
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 20_000, interval: 100 });
const fieldError = (page: Page, key: string) => page.locator(`[id="field-customFields-${key}-error"]`);

describe('custom fields in the portal, in Chromium', () => {
  it('asks for the fields a manager defined, refuses wrong values at their field, and shows the stored values', async () => {
    const { page, errors } = await newPage();
    await page.goto(`${stack.baseUrl}/tickets/new`);
    await signInThroughForm(page, newAccount(stack, 'customer'));
    await poll(() => heading(page).textContent()).toBe('Raise a ticket');
    await poll(() => page.getByTestId('custom-fields').isVisible()).toBe(true);
    // Only what customers may fill in, in the manager's order, each input found by its label.
    expect(await page.getByTestId('custom-fields').locator('label').allTextContents()).toEqual([
      'Product',
      'Serial number (optional)',
      'Copies a day (optional)',
    ]);
    expect(await page.getByLabel('Product').evaluate((e) => e.tagName)).toBe('SELECT');
    expect(await page.getByLabel('Copies a day').getAttribute('type')).toBe('number');

    await page.getByTestId('title').fill('The office printer jams');
    await page.getByTestId('description').fill('Every tenth page jams in tray 2.');
    await page.getByLabel('Serial number').fill('x'.repeat(2001));
    // Straight from the field to Submit: the click is not lost to the field's blur check moving the button.
    await page.getByTestId('submit-ticket').click();
    await poll(() => page.getByTestId('error-summary').locator('li').allTextContents()).toEqual([
      'Product is required for a new ticket',
      'Serial number must be at most 2000 characters',
    ]);
    expect(await fieldError(page, 'product').textContent()).toContain('Product is required for a new ticket');
    expect(await page.getByLabel('Product').getAttribute('aria-invalid')).toBe('true');
    await checkPage(page, 'custom-fields-refused');
    // The summary's link takes keyboard users to the field.
    await page
      .getByTestId('error-summary')
      .getByRole('link', { name: /^Product/ })
      .click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('field-customFields-product');

    // The manager drops an option while the form is open: the server refuses it, at the field.
    await stack
      .db('custom_fields')
      .where({ key: 'product' })
      .update({ options: JSON.stringify(['Printer', 'Scanner']) });
    await page.getByLabel('Product').selectOption('Copier');
    await page.getByLabel('Serial number').fill('PX-1042');
    await page.getByTestId('submit-ticket').click();
    await poll(() => fieldError(page, 'product').textContent()).toContain('Product must be one of Printer, Scanner');
    expect(await stack.db('tickets').where({ title: 'The office printer jams' })).toEqual([]);

    await page.getByLabel('Product').selectOption('Printer');
    await page.getByLabel('Copies a day').fill('250');
    await page.getByTestId('submit-ticket').click();
    await page.waitForURL(/\/tickets\/\d+$/);
    const ticketId = Number(new URL(page.url()).pathname.split('/').pop());
    const stored = await stack.db('tickets').where({ id: ticketId }).first();
    expect(stored.custom_fields).toEqual({ product: 'Printer', serial: 'PX-1042', copies: 250 });

    // Staff fill in the rest; the customer sees the visible values by label, never the internal one.
    await stack
      .db('tickets')
      .where({ id: ticketId })
      .update({ custom_fields: { ...stored.custom_fields, contract: 'Gold', root_cause: 'Worn roller' } });
    await page.reload();
    await poll(() => heading(page).textContent()).toBe('The office printer jams');
    const summary = page.getByTestId('ticket-summary');
    const facts = () =>
      summary
        .locator('[data-testid^="custom-field-value-"]')
        .evaluateAll((groups) =>
          groups.map((g) => [g.querySelector('dt')?.textContent, g.querySelector('dd')?.textContent]),
        );
    await poll(facts).toEqual([
      ['Product', 'Printer'],
      ['Serial number', 'PX-1042'],
      ['Copies a day', '250'],
      ['Contract', 'Gold'],
    ]);
    expect(await summary.textContent()).not.toContain('Worn roller');
    await checkPage(page, 'custom-fields-ticket');
    expect(errors).toEqual([]);
  });

  it('asks a guest for the same fields and shows the value behind the e-mailed link', async () => {
    const { page, errors } = await newPage();
    const email = `guest-${Date.now()}@guest.example`;
    await page.goto(`${stack.baseUrl}/guest/new`);
    await poll(() => heading(page).textContent()).toBe('Submit a request without an account');
    await poll(() => page.getByTestId('custom-fields').isVisible()).toBe(true);
    await page.getByTestId('guest-name').fill('Gail Guest');
    await page.getByTestId('guest-email').fill(email);
    await page.getByTestId('title').fill('The scanner skips pages');
    await page.getByTestId('description').fill('Every second page is missing from the PDF.');
    await page.getByTestId('submit-guest-ticket').click();
    await poll(() => fieldError(page, 'product').textContent()).toContain('Product is required for a new ticket');

    await page.getByLabel('Product').selectOption('Scanner');
    await poll(() => fieldError(page, 'product').count()).toBe(0);
    await page.getByTestId('submit-guest-ticket').click();
    await poll(() => page.getByTestId('guest-receipt').textContent()).toContain(email);
    const stored = await stack.db('tickets').where({ title: 'The scanner skips pages' }).first();
    expect(stored.custom_fields).toEqual({ product: 'Scanner' });

    const mail = await eventually(async () => {
      const found = stack.capture.messages().find((m) => m.to.includes(email));
      expect(found).toBeDefined();
      return found!;
    });
    const link = new RegExp(`${stack.baseUrl}/guest/t/\\S+`).exec(mail.text)?.[0];
    expect(link, mail.text).toBeDefined();
    await page.goto(link!);
    await poll(() => heading(page).textContent()).toBe('The scanner skips pages');
    await poll(() => page.getByTestId('custom-field-value-product').textContent()).toBe('ProductScanner');
    expect(errors).toEqual([]);
  });
});
