import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertArticle } from '../db/kb-articles.js';
import { demoPassword } from '../db/seeds/demo-users.js';
import { buildPortal } from '../dev/portal-build.js';
import type { DevAccount } from '../dev/dev-idp.js';
import { storeMessage } from './support/fixtures.js';
import { launchChromium } from './support/chromium.js';
import { eventually } from './support/eventually.js';
import { createIsolatedDatabase } from './support/isolated-database.js';
import { checkPage, viewports } from './support/page-checks.js';
import { createReportDataset } from './support/report-dataset.js';
import { projectRoot } from './support/run-command.js';
import { newAccount } from './support/sign-in.js';
import { startTestStack, type TestStack } from './support/test-stack.js';

// The help centre, the suggestions on the new-ticket forms, and the back office's knowledge-base
// tools and reports, in real Chromium against the real server and database. Screenshots land in
// test-artifacts/portal/ and test-artifacts/admin/.

let portalDir: string;
let database: Awaited<ReturnType<typeof createIsolatedDatabase>>;
let stack: TestStack;
let browser: Browser;
const contexts: BrowserContext[] = [];
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
let printerSlug: string;

beforeAll(async () => {
  portalDir = await mkdtemp(path.join(tmpdir(), 'ticketflow-portal-'));
  [database] = await Promise.all([createIsolatedDatabase(), buildPortal(portalDir)]);
  [stack, browser] = await Promise.all([startTestStack({ portalDir, databaseUrl: database.url }), launchChromium()]);
  const [printing, account] = await stack
    .db('kb_categories')
    .insert([
      { name: 'Printing', slug: 'printing', description: 'Printers, toner, paper', position: 1 },
      { name: 'Account', slug: 'account', description: 'Passwords and sign-in', position: 2 },
    ])
    .returning('id');
  const printer = await insertArticle(stack.db, {
    title: 'Printer prints blank pages',
    slug: 'printer-prints-blank-pages',
    body: 'When the **printer** prints blank pages, replace the toner cartridge.\n\n![The toner door](/api/kb/images/IMAGE)',
    language: 'en',
    categoryId: printing.id,
    tags: ['toner'],
    status: 'published',
    visibility: 'everyone',
    authorId: null,
  });
  printerSlug = printer.slug;
  await insertArticle(stack.db, {
    title: 'Reset your password',
    slug: 'reset-your-password',
    body: 'Choose **Forgot password** on the sign-in page.',
    language: 'en',
    categoryId: account.id,
    status: 'published',
    visibility: 'everyone',
    authorId: null,
  });
  await insertArticle(stack.db, {
    title: 'Drucker druckt leere Seiten',
    slug: 'drucker-druckt-leere-seiten',
    body: 'Tauschen Sie die Tonerkartusche.',
    language: 'de',
    categoryId: printing.id,
    status: 'published',
    visibility: 'everyone',
    authorId: null,
  });
  await createReportDataset(stack.db);
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await stack?.close();
  await database?.drop();
  if (portalDir) await rm(portalDir, { recursive: true, force: true });
});

async function newPage(options: { javaScriptEnabled?: boolean; acceptDownloads?: boolean } = {}) {
  const context = await browser.newContext({ viewport: viewports.desktop, ...options });
  contexts.push(context);
  context.setDefaultTimeout(5_000);
  context.setDefaultNavigationTimeout(20_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) errors.push(message.text());
  });
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

describe('the help centre in Chromium', () => {
  it('lets anyone browse topics, search with highlighted results and read an article, by keyboard', async () => {
    // The article's image through the real upload path (staff, attachment store).
    const staffPage = (await newPage()).page;
    await staffPage.goto(`${stack.baseUrl}/auth/login?returnTo=/help`);
    await signInThroughForm(staffPage, newAccount(stack, 'agent'));
    const uploaded = await staffPage.evaluate(
      async ({ id, base64 }) => {
        const token = ((await (await fetch('/api/csrf')).json()) as { token: string }).token;
        const form = new FormData();
        form.set('file', new Blob([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))]), 'toner.png');
        const res = await fetch(`/api/kb/articles/${id}/images`, {
          method: 'POST',
          headers: { 'X-CSRF-Token': token },
          body: form,
        });
        return (await res.json()) as { url: string };
      },
      { id: (await stack.db('kb_articles').where({ slug: printerSlug }).first()).id, base64: png.toString('base64') },
    );
    await stack
      .db('kb_articles')
      .where({ slug: printerSlug })
      .update({ body: stack.db.raw("replace(body, '/api/kb/images/IMAGE', ?)", [uploaded.url]) });

    const { page, errors } = await newPage();
    await page.goto(`${stack.baseUrl}/help`);
    await poll(() => heading(page).textContent()).toBe('Help centre');
    await poll(() => page.getByTestId('help-categories').textContent()).toContain('Printing');
    await checkPage(page, 'help-centre');

    // Keyboard only: from the top of the page to the search field, a query, Enter.
    await page.keyboard.press('Tab'); // skip link
    let focused = '';
    for (let i = 0; i < 10 && focused !== 'help-search'; i++) {
      await page.keyboard.press('Tab');
      focused = (await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) ?? '';
    }
    expect(focused).toBe('help-search');
    await page.keyboard.type('printer blank');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/help\/search\?q=printer\+blank/);
    await poll(() => page.getByTestId('help-result').count()).toBe(1);
    expect(await page.getByTestId('help-result').locator('mark').allTextContents()).toEqual(
      expect.arrayContaining(['Printer', 'blank']),
    );
    await poll(() => page.getByTestId('announcer').textContent()).toBe('1 article found.');
    await checkPage(page, 'help-search');

    await page.getByTestId('help-result').getByRole('link').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/help/articles/${printerSlug}$`));
    await poll(() => heading(page).textContent()).toBe('Printer prints blank pages');
    await poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    const image = page.getByTestId('kb-article-body').locator('img');
    await poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
    await checkPage(page, 'help-article');

    // A German search finds the German article through its stemmer and folded umlauts.
    await page.goto(`${stack.baseUrl}/help/search?q=leere%20Seite`);
    await poll(() => page.getByTestId('help-result').allTextContents()).toEqual([
      expect.stringContaining('Drucker druckt leere Seiten'),
    ]);
    expect(errors).toEqual([]);
  });

  it('serves a public article readable without JavaScript', async () => {
    const { page } = await newPage({ javaScriptEnabled: false });
    const res = await page.goto(`${stack.baseUrl}/help/articles/${printerSlug}`);
    expect(res?.status()).toBe(200);
    expect(await page.title()).toBe('Printer prints blank pages · TicketFlow support');
    expect(await page.locator('main h1').textContent()).toBe('Printer prints blank pages');
    expect(await page.locator('main .markdown').textContent()).toContain('replace the toner cartridge');
    expect(await page.locator('main .breadcrumb').textContent()).toContain('Printing');
    // The same page with the portal's scripts blocked (axe needs a script of its own to run).
    const { page: scriptless } = await newPage();
    await scriptless.route(/\/assets\/.*\.js$/, (route) => route.abort());
    await scriptless.goto(`${stack.baseUrl}/help/articles/${printerSlug}`);
    expect(await scriptless.locator('main h1').textContent()).toBe('Printer prints blank pages');
    await checkPage(scriptless, 'help-article-no-js');
  });
});

describe('suggested articles on the new-ticket forms', () => {
  it('shows matches while a customer types, records shown, opened and solved, and creates no ticket', async () => {
    const { page, errors } = await newPage();
    const customer = newAccount(stack, 'customer');
    await page.goto(`${stack.baseUrl}/tickets/new`);
    await signInThroughForm(page, customer);
    await poll(() => heading(page).textContent()).toBe('Raise a ticket');
    await page.getByTestId('title').pressSequentially('My printer prints only blank pa', { delay: 30 });
    await poll(() => page.getByTestId('suggestion').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('suggestion').first().textContent()).toContain('Printer prints blank pages');
    await checkPage(page, 'new-ticket-suggestions');

    await page.getByTestId('suggestion-open').first().click();
    await poll(() => page.getByTestId('suggestion-body').textContent()).toContain('replace the toner cartridge');
    await page.getByTestId('suggestion-solved').click();
    await poll(() => page.getByTestId('deflection-solved').isVisible()).toBe(true);
    await poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Glad that helped');
    await checkPage(page, 'new-ticket-solved');

    const userId = (await stack.db('users').where({ email: customer.email }).first()).id;
    const printerId = (await stack.db('kb_articles').where({ slug: printerSlug }).first()).id;
    await eventually(async () => {
      const events = await stack.db('kb_deflection_events').where({ user_id: userId }).orderBy('id');
      expect(events.filter((e) => e.article_id === printerId).map((e) => [e.type, e.channel])).toEqual([
        ['shown', 'portal'],
        ['opened', 'portal'],
        ['solved', 'portal'],
      ]);
      // One visit of the form: every event carries the same session.
      expect(new Set(events.map((e) => e.session_id)).size).toBe(1);
    });
    expect(await stack.db('tickets').where({ requester_id: userId })).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('suggests on the guest form too, without an account', async () => {
    const { page } = await newPage();
    await page.goto(`${stack.baseUrl}/guest/new`);
    await page.getByTestId('title').pressSequentially('Forgot my password', { delay: 30 });
    await poll(() => page.getByTestId('suggestion').allTextContents()).toContain('Reset your password');
    await eventually(async () =>
      expect(
        await stack.db('kb_deflection_events').where({ channel: 'guest', type: 'shown' }).whereNull('user_id'),
      ).not.toHaveLength(0),
    );
    await checkPage(page, 'guest-new-suggestions');
  });
});

describe('the back office', () => {
  const artifacts = path.join(projectRoot, 'test-artifacts', 'admin');
  const shot = async (page: Page, name: string) => {
    await mkdir(artifacts, { recursive: true });
    await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
  };

  async function staffPage(role: 'agent' | 'manager', returnTo: string) {
    const { page } = await newPage({ acceptDownloads: true });
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(`${stack.baseUrl}${returnTo}`);
    await signInThroughForm(page, newAccount(stack, role));
    await page.waitForURL((url) => url.href.startsWith(`${stack.baseUrl}${returnTo}`));
    return page;
  }

  it('lets an agent insert an article link into a reply and turn a reply into a draft article', async () => {
    const customer = await stack.db('users').insert({ email: 'asker@kb.test', name: 'Asker' }).returning('id');
    const [ticket] = await stack
      .db('tickets')
      .insert({ title: 'Toner everywhere', description: 'Help', requester_id: customer[0].id })
      .returning(['id', 'number']);
    await storeMessage(
      stack.db,
      {
        ticketId: ticket.id,
        authorId: null,
        body: 'Lift the toner door and pull the cartridge out.',
        internal: false,
        source: 'back_office',
      },
      { byStaff: true },
    );
    const page = await staffPage('agent', `/admin/resources/tickets/records/${ticket.id}/show`);
    await page.waitForSelector('[data-testid=conversation] [data-testid=reply]');
    await page.getByTestId('action-reply').click();
    await page.locator('#article-link-search').fill('toner');
    await page.getByTestId('insert-article-link').first().click();
    await poll(() => page.locator('#field-body').inputValue()).toBe(
      `[Printer prints blank pages](${stack.baseUrl}/help/articles/${printerSlug})`,
    );
    await shot(page, 'reply-article-link');

    await page.goto(`${stack.baseUrl}/admin/resources/tickets/records/${ticket.id}/show`);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByTestId('draft-article').first().click();
    await page.waitForURL(/\/admin\/resources\/kb_articles\/records\/\d+\/edit$/);
    expect(await page.locator('textarea[name=body]').inputValue()).toBe(
      'Lift the toner door and pull the cartridge out.',
    );
    await shot(page, 'draft-article-from-reply');
  });

  it('shows a manager the reports with charts, and exports one as CSV', async () => {
    const page = await staffPage('manager', '/admin/pages/reports');
    await page.getByTestId('report-from').fill('2026-03-02');
    await page.getByTestId('report-to').fill('2026-03-08');
    await poll(() => page.getByTestId('report-totals').textContent()).toBe('6 created · 6 solved');
    expect(await page.getByTestId('chart-volume').locator('rect').count()).toBe(14);
    await shot(page, 'reports-volume');

    await page.getByTestId('report-response-times').click();
    await page
      .getByTestId('figures-response-times')
      .waitFor({ timeout: 20_000 })
      .catch(async (error: unknown) => {
        await shot(page, 'reports-response-times-failed');
        throw error;
      });
    await poll(() => page.getByTestId('first-response').locator('tbody tr').first().textContent()).toBe(
      'All31 h 30 min2 h 42 min',
    );
    await shot(page, 'reports-response-times');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-csv').click()]);
    expect(download.suggestedFilename()).toBe('response-times-2026-03-02-2026-03-08.csv');
    const csv = (await readFile((await download.path())!, 'utf8'))
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(csv[0]).toBe(
      'ticket,team,priority,channel,created_at,first_response_at,first_response_business_seconds,solved_at,resolution_business_seconds',
    );
    expect(csv).toHaveLength(6);

    await page.getByTestId('report-deflection').click();
    await poll(() => page.getByTestId('report-totals').textContent()).toMatch(
      /^Deflection rate 50%: 2 of 4 form visits/,
    );
    await shot(page, 'reports-deflection');
  });
});
