import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPassword } from '../db/seeds/demo-users.js';
import { buildPortal } from '../dev/portal-build.js';
import type { DevAccount } from '../dev/dev-idp.js';
import { launchChromium } from './support/chromium.js';
import { createIsolatedDatabase } from './support/isolated-database.js';
import { createLifecycleWorld, isolateWorld } from './support/lifecycle-fixtures.js';
import { eventually } from './support/eventually.js';
import { createKeyedUser, requestJson, type KeyedUser } from './support/fixtures.js';
import { checkPage, viewports } from './support/page-checks.js';
import { newAccount } from './support/sign-in.js';
import { startTestStack, type TestStack } from './support/test-stack.js';

// The portal as customers and guests use it, in real Chromium against the real server, worker,
// dev identity provider and capture server. Screenshots land in test-artifacts/portal/.

let portalDir: string;
let database: Awaited<ReturnType<typeof createIsolatedDatabase>>;
let stack: TestStack;
let browser: Browser;
let agent: KeyedUser;
const contexts: BrowserContext[] = [];

// A 1×1 PNG: the server sniffs the bytes, so the file must really be one.
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

beforeAll(async () => {
  // The test's own build: `npm start` (tested beside this) rebuilds portal/dist at any moment.
  portalDir = await mkdtemp(path.join(tmpdir(), 'ticketflow-portal-'));
  // A database of its own: the SLA policy and routing below apply to every ticket in it.
  [database] = await Promise.all([createIsolatedDatabase(), buildPortal(portalDir)]);
  [stack, browser] = await Promise.all([startTestStack({ portalDir, databaseUrl: database.url }), launchChromium()]);
  await isolateWorld(
    stack.db,
    await createLifecycleWorld(stack.db, { firstResponseSeconds: 4 * 3600, resolutionSeconds: 24 * 3600 }),
  );
  agent = await createKeyedUser(stack.db, 'agent');
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await stack?.close();
  await database?.drop();
  if (portalDir) await rm(portalDir, { recursive: true, force: true });
});

/** A fresh browser profile (no cookies) whose page errors fail the test. */
async function newPage(): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: viewports.desktop });
  contexts.push(context);
  // Short waits for single elements, so a missing one fails a polled assertion instead of the whole test.
  context.setDefaultTimeout(5_000);
  context.setDefaultNavigationTimeout(20_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  // CSP violations are reported on the console; the portal must not need anything the policy forbids.
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) errors.push(message.text());
  });
  return { page, errors };
}

/** Signs in through the dev identity provider's login form, as a person would. */
async function signInThroughForm(page: Page, account: DevAccount): Promise<void> {
  await page.waitForURL((url) => url.href.startsWith(stack.idp.issuer));
  await page.getByLabel('E-mail').fill(account.email);
  await page.getByLabel('Password').fill(demoPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.href.startsWith(stack.baseUrl) && !url.pathname.startsWith('/auth/'));
}

/** Drops files on a drop zone the way a browser delivers a drag from the desktop. */
async function dropFile(
  page: Page,
  selector: string,
  file: { name: string; type: string; bytes: Buffer },
): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ name, type, base64 }) => {
      const transfer = new DataTransfer();
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], name, { type }));
      return transfer;
    },
    { name: file.name, type: file.type, base64: file.bytes.toString('base64') },
  );
  for (const event of ['dragenter', 'dragover', 'drop']) await page.dispatchEvent(selector, event, { dataTransfer });
}

const heading = (page: Page) => page.locator('main h1');

/** Polls what the page shows until it matches; generous, for a busy two-core machine. */
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 20_000, interval: 100 });

describe('the portal in Chromium', () => {
  let customer: DevAccount;
  let ticketId: number;

  it('lets a customer sign in, raise a ticket with an attachment, and find it in their list', async () => {
    const { page, errors } = await newPage();
    customer = newAccount(stack, 'customer');
    await page.goto(`${stack.baseUrl}/`);
    await poll(() => heading(page).textContent()).toBe('Get help from our support team');
    await checkPage(page, 'home');
    await page.getByTestId('sign-in').click();
    await signInThroughForm(page, customer);
    await poll(() => heading(page).textContent()).toBe('My tickets');
    await poll(() => page.getByText('You have no tickets yet').isVisible()).toBe(true);
    await checkPage(page, 'ticket-list-empty');

    await page.getByTestId('new-ticket').click();
    await poll(() => heading(page).textContent()).toBe('Raise a ticket');
    await page.getByTestId('title').fill('The office printer prints blank pages');
    await page
      .getByTestId('description')
      .fill('Since this morning every page comes out **blank**. A photo of the status screen is attached.');
    await page.getByTestId('priority').selectOption('high');
    await dropFile(page, '[data-testid=file-drop]', { name: 'status-screen.png', type: 'image/png', bytes: png });
    await poll(() => page.getByTestId('upload-item').textContent()).toContain('status-screen.png');
    await checkPage(page, 'new-ticket');
    await page.getByTestId('submit-ticket').click();

    await page.waitForURL(/\/tickets\/\d+$/);
    ticketId = Number(new URL(page.url()).pathname.split('/').pop());
    await poll(() => heading(page).textContent()).toBe('The office printer prints blank pages');
    await poll(() => page.getByRole('link', { name: /status-screen\.png/ }).count()).toBe(1);
    // The workflow plans the SLA and routes the ticket just after it is created: both appear live.
    await poll(() => page.getByTestId('sla-hint').textContent()).toMatch(/^Reply expected by /);
    await poll(() => page.getByTestId('ticket-summary').textContent()).toMatch(/Handled by\s*Agent /);
    const stored = await stack.db('attachments').where({ ticket_id: ticketId });
    expect(stored.map((a) => [a.filename, a.content_type])).toEqual([['status-screen.png', 'image/png']]);

    await page.getByRole('link', { name: 'My tickets' }).first().click();
    await poll(() => page.getByTestId(`ticket-${ticketId}`).textContent()).toContain(
      'The office printer prints blank pages',
    );
    await checkPage(page, 'ticket-list');
    expect(errors).toEqual([]);
  });

  it("shows an agent's reply live on the customer's open page, then lets them close and rate the ticket", async () => {
    const { page, errors } = await newPage();
    await page.goto(`${stack.baseUrl}/tickets/${ticketId}`);
    await signInThroughForm(page, customer);
    await poll(() => heading(page).textContent()).toBe('The office printer prints blank pages');
    await page.getByTestId('live-on').waitFor({ timeout: 20_000 });
    // A reload would lose this marker: the reply must arrive on this very page. The observer keeps
    // what the live region said, which screen readers read out.
    await page.evaluate(() => {
      const w = window as unknown as { stillHere: boolean; announced: string[] };
      w.stillHere = true;
      w.announced = [];
      const region = document.querySelector('[data-testid=announcer]')!;
      new MutationObserver(() => w.announced.push(region.textContent ?? '')).observe(region, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });

    const note = await requestJson(`${stack.baseUrl}/api/tickets/${ticketId}/messages`, {
      headers: agent.auth,
      body: { body: 'Internal: toner order pending', internal: true },
    });
    expect(note.status).toBe(201);
    const reply = await requestJson(`${stack.baseUrl}/api/tickets/${ticketId}/messages`, {
      headers: agent.auth,
      body: { body: 'We have ordered new toner; it arrives tomorrow.' },
    });
    expect(reply.status).toBe(201);
    await poll(() => page.getByTestId('conversation').textContent()).toContain('We have ordered new toner');
    await poll(() => page.evaluate(() => (window as unknown as { announced: string[] }).announced.join(' | '))).toMatch(
      /New reply from Test agent/,
    );
    expect(await page.getByTestId('conversation').textContent()).not.toContain('Internal: toner order pending');
    // The worker's status change (a staff reply opens a new ticket) arrives live as well.
    await poll(() => page.getByTestId('ticket-summary').getByTestId('status-badge').textContent()).toMatch(/open/i);
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
    await checkPage(page, 'ticket');

    // The connection drops: the page says so, and catches up on what it missed once back.
    await page.context().setOffline(true);
    await poll(() => page.getByTestId('live-status').textContent()).toContain('Reconnecting');
    await requestJson(`${stack.baseUrl}/api/tickets/${ticketId}/messages`, {
      headers: agent.auth,
      body: { body: 'Sent while you were offline.' },
    });
    await page.context().setOffline(false);
    await poll(() => page.getByTestId('conversation').textContent()).toContain('Sent while you were offline.');
    await poll(() => page.getByTestId('live-status').textContent()).toBe('');
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);

    await page.getByTestId('close-ticket').click();
    await page.getByTestId('confirm-close').click();
    await poll(() => page.getByTestId('ticket-summary').getByTestId('status-badge').textContent()).toMatch(/closed/i);
    await page.getByTestId('rating-form').waitFor({ timeout: 20_000 });
    await page.getByTestId('rating-5').check();
    await page.getByTestId('rating-comment').fill('Quick and clear, thank you.');
    await checkPage(page, 'ticket-rating');
    await page.getByTestId('rating-submit').click();
    await poll(() => page.getByTestId('rating-given').textContent()).toContain('5 out of 5');
    await eventually(async () =>
      expect(await stack.db('satisfaction_ratings').where({ ticket_id: ticketId }).first()).toMatchObject({
        score: 5,
        comment: 'Quick and clear, thank you.',
      }),
    );
    expect((await stack.db('tickets').where({ id: ticketId }).first()).status).toBe('closed');
    expect(errors).toEqual([]);
  });

  it("tells a second customer that the first one's ticket is not found", async () => {
    const { page, errors } = await newPage();
    await page.goto(`${stack.baseUrl}/tickets/${ticketId}`);
    await signInThroughForm(page, newAccount(stack, 'customer'));
    expect(new URL(page.url()).pathname).toBe(`/tickets/${ticketId}`);
    await poll(() => heading(page).textContent()).toBe('Ticket not found');
    await page.getByTestId('ticket-not-found').waitFor({ timeout: 20_000 });
    expect(await page.content()).not.toContain('The office printer prints blank pages');
    await checkPage(page, 'ticket-not-found');
    expect(errors).toEqual([]);
  });

  it('lets a guest submit a request, open the e-mailed link and reply through it', async () => {
    const { page, errors } = await newPage();
    const email = `guest-${Date.now()}@guest.example`;
    await page.goto(`${stack.baseUrl}/`);
    await page.getByTestId('guest-start').click();
    await poll(() => heading(page).textContent()).toBe('Submit a request without an account');
    await checkPage(page, 'guest-new');
    await page.getByTestId('guest-name').fill('Gail Guest');
    await page.getByTestId('guest-email').fill(email);
    await page.getByTestId('title').fill('Cannot log in to the shop');
    await page.getByTestId('description').fill('The shop says my password is wrong.');
    await page.getByTestId('submit-guest-ticket').click();
    await poll(() => page.getByTestId('guest-receipt').textContent()).toContain(email);
    await checkPage(page, 'guest-receipt');

    const mail = await eventually(async () => {
      const found = stack.capture.messages().find((m) => m.to.includes(email));
      expect(found).toBeDefined();
      return found!;
    });
    const link = new RegExp(`${stack.baseUrl}/guest/t/\\S+`).exec(mail.text)?.[0];
    expect(link, mail.text).toBeDefined();

    await page.goto(link!);
    await poll(() => heading(page).textContent()).toBe('Cannot log in to the shop');
    await page.getByTestId('reply-body').fill('I also tried resetting it, with no luck.');
    await page.getByTestId('reply-submit').click();
    await poll(() => page.getByTestId('conversation').textContent()).toContain('I also tried resetting it');
    await checkPage(page, 'guest-ticket');
    const ticketIdOfLink = Number(link!.split('/').pop()!.split('.')[0]);
    const messages = await stack.db('ticket_messages').where({ ticket_id: ticketIdOfLink });
    expect(messages.map((m) => [m.body, m.source])).toEqual([['I also tried resetting it, with no luck.', 'guest']]);

    await page.goto(`${link!.slice(0, -3)}abc`);
    await page.getByTestId('guest-link-expired').waitFor({ timeout: 20_000 });
    await checkPage(page, 'guest-link-invalid');
    expect(errors).toEqual([]);
  });

  it("opens the target's conversation from the old link of a guest's ticket merged into another", async () => {
    const email = `merged-guest-${Date.now()}@guest.example`;
    const submit = (title: string) =>
      requestJson(`${stack.baseUrl}/api/guest/tickets`, {
        body: { name: 'Greta Guest', email, title, description: `${title}, since this morning.` },
      });
    expect((await submit('Badge reader dead')).status).toBe(201);
    expect((await submit('Badge reader still dead')).status).toBe(201);
    const [target, duplicate] = await Promise.all(
      ['Badge reader dead', 'Badge reader still dead'].map((title) =>
        stack.db('tickets').where({ title }).first('id', 'number'),
      ),
    );
    // Merging goes through both workflows: once they run, the agent merges the duplicate.
    await eventually(
      async () =>
        expect(
          await stack.db('ticket_events').whereIn('ticket_id', [target.id, duplicate.id]).where({ type: 'assigned' }),
        ).toHaveLength(2),
      60_000,
    );
    const merged = await requestJson(`${stack.baseUrl}/api/tickets/${duplicate.id}/merge`, {
      headers: agent.auth,
      body: { into: target.id },
    });
    expect(merged.status).toBe(200);

    const mail = await eventually(async () => {
      const found = stack.capture
        .messages()
        .find((m) => m.to.includes(email) && m.text.includes(`/guest/t/${duplicate.id}.`));
      expect(found).toBeDefined();
      return found!;
    });
    const oldLink = new RegExp(`${stack.baseUrl}/guest/t/\\S+`).exec(mail.text)![0];
    const { page, errors } = await newPage();
    await page.goto(oldLink);
    await poll(() => heading(page).textContent()).toBe('Badge reader dead');
    await poll(() => page.getByTestId('merged-from').first().textContent()).toContain(duplicate.number);
    await poll(() => page.getByTestId('conversation').textContent()).toContain('Badge reader still dead');
    await checkPage(page, 'guest-merged-old-link');
    expect(errors).toEqual([]);
  });
});
