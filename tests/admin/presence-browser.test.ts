import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, signedInPage } from '../support/chromium.js';
import { eventually } from '../support/eventually.js';
import { requestJson } from '../support/fixtures.js';
import { createLifecycleWorld, isolateWorld, type LifecycleWorld } from '../support/lifecycle-fixtures.js';
import { projectRoot } from '../support/run-command.js';
import { newAccount } from '../support/sign-in.js';
import { useTestStack } from '../support/use-test-stack.js';

// Two agents on one ticket in real Chromium (two browser contexts, two sessions): each sees the
// other viewing, "… is typing a reply", the one who closes the page gone within seconds, and a
// reply sent in between caught before the other's goes out. Screenshots go to test-artifacts/admin/.
const artifacts = path.join(projectRoot, 'test-artifacts', 'admin');

const stack = useTestStack({ isolatedDatabase: true });
let browser: Browser;
let world: LifecycleWorld;
let ticket: { id: number; number: string };

beforeAll(async () => {
  await mkdir(artifacts, { recursive: true });
  world = await createLifecycleWorld(stack.db);
  await isolateWorld(stack.db, world);
  const created = await requestJson(`${stack.baseUrl}/api/tickets`, {
    headers: world.customer.auth,
    body: { title: 'Badge reader rejects everyone', description: 'Since the power cut.' },
  });
  expect(created.status).toBe(201);
  ticket = created.body;
  // Routing is the last step of a new workflow's start: after it, the workflow leaves the row alone.
  await eventually(async () =>
    expect(await stack.db('ticket_events').where({ ticket_id: ticket.id, type: 'assigned' })).toHaveLength(1),
  );
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const signInPage = (email: string, returnTo: string): Promise<Page> =>
  signedInPage(browser, stack.baseUrl, email, returnTo);

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
const viewers = (page: Page) => page.getByTestId('presence-viewer').allTextContents();
const openReplyForm = async (page: Page) => {
  await page.getByTestId('action-reply').click();
  await page.locator('[data-testid=command-reply][data-loaded=yes]').waitFor();
};

describe('who else is here, in Chromium', () => {
  it('two agents see each other view and type, a reply in between is caught, and a closed page is gone', async () => {
    const ana = newAccount(stack, 'agent');
    const ben = newAccount(stack, 'agent');
    const ticketPage = `/admin/resources/tickets/records/${ticket.id}/show`;
    const anaPage = await signInPage(ana.email, ticketPage);
    const benPage = await signInPage(ben.email, ticketPage);

    // Each sees the other on the ticket page, never themselves.
    await expect.poll(() => viewers(anaPage), { timeout: 10_000 }).toEqual([ben.name]);
    await expect.poll(() => viewers(benPage), { timeout: 10_000 }).toEqual([ana.name]);
    await shot(anaPage, 'presence-both-viewing');

    // Ana starts a reply: Ben sees her typing, and the mark goes a few seconds after she stops.
    await openReplyForm(anaPage);
    await expect.poll(() => viewers(anaPage), { timeout: 10_000 }).toEqual([ben.name]);
    const draft = 'The reader needs a reset; I am on my way.';
    await anaPage.locator('#field-body').pressSequentially(draft.slice(0, 12));
    await benPage.getByTestId('presence-typing').getByText(`${ana.name} is typing a reply…`).waitFor();
    await shot(benPage, 'presence-typing');
    await benPage.getByTestId('presence-typing').waitFor({ state: 'detached', timeout: 10_000 });
    expect(await viewers(benPage)).toEqual([ana.name]);

    // Ben replies first, from his own reply form.
    await openReplyForm(benPage);
    await benPage.fill('#field-body', 'Reset done remotely, please try again.');
    await benPage.getByTestId('command-submit').click();
    await benPage.getByTestId('conversation').getByText('Reset done remotely, please try again.').waitFor();
    // The workflow records the first response on the row; the warning below must not hinge on when.
    await eventually(async () =>
      expect((await stack.db('tickets').where({ id: ticket.id }).first()).first_responded_at).not.toBeNull(),
    );

    // Ana's send is held: Ben replied since she opened the form. Reload shows his reply, keeps her draft.
    await anaPage.locator('#field-body').fill(draft);
    await anaPage.getByTestId('command-submit').click();
    await anaPage.getByTestId('stale-warning').getByText(`${ben.name} replied since you opened this ticket.`).waitFor();
    await shot(anaPage, 'presence-replied-since');
    expect(await stack.db('ticket_messages').where({ ticket_id: ticket.id }).pluck('body')).toEqual([
      'Reset done remotely, please try again.',
    ]);
    await anaPage.getByRole('button', { name: 'Reload' }).click();
    await anaPage
      .getByTestId('new-messages')
      .getByText(`${ben.name}: Reset done remotely, please try again.`)
      .waitFor();
    expect(await anaPage.locator('#field-body').inputValue()).toBe(draft);

    // A colleague adds a note meanwhile: warned again, Ana sends anyway.
    const note = await requestJson(`${stack.baseUrl}/api/tickets/${ticket.id}/messages`, {
      headers: world.staff.auth,
      body: { body: 'Facilities say the power is back.', internal: true },
    });
    expect(note.status).toBe(201);
    await anaPage.getByTestId('command-submit').click();
    await anaPage
      .getByTestId('stale-warning')
      .getByText(`${world.staff.user.name} added an internal note since you opened this ticket.`)
      .waitFor();
    await anaPage.getByRole('button', { name: 'Send anyway' }).click();
    await anaPage.getByTestId('conversation').getByText(draft).waitFor();
    expect(await stack.db('ticket_messages').where({ ticket_id: ticket.id }).orderBy('id').pluck('body')).toEqual([
      'Reset done remotely, please try again.',
      'Facilities say the power is back.',
      draft,
    ]);

    // Both back on the ticket page; Ben closes his: Ana sees him gone within a few seconds.
    await expect.poll(() => viewers(anaPage), { timeout: 10_000 }).toEqual([ben.name]);
    const closed = Date.now();
    await benPage.close();
    await anaPage.getByTestId('presence-alone').waitFor({ timeout: 5_000 });
    expect(Date.now() - closed).toBeLessThan(5_000);
    await shot(anaPage, 'presence-alone-again');
    // Two signed-in browsers and a dozen page loads: most of a minute on a busy two-core machine.
  }, 180_000);
});
