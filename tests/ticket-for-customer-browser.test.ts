import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, signedInPage } from './support/chromium.js';
import { eventually } from './support/eventually.js';
import { createKeyedUser, type KeyedUser } from './support/fixtures.js';
import { createLifecycleWorld, isolateWorld, type LifecycleWorld } from './support/lifecycle-fixtures.js';
import { projectRoot } from './support/run-command.js';
import { newAccount } from './support/sign-in.js';
import { useTestStack } from './support/use-test-stack.js';

// "New ticket for a customer" in the back office, in real Chromium: an agent takes a phone call,
// fills the form, and lands on the ticket the workflow has routed. Screenshots in
// test-artifacts/admin/ticket-for-customer-*.png.
const artifacts = path.join(projectRoot, 'test-artifacts', 'admin');
const stack = useTestStack({ isolatedDatabase: true });
let browser: Browser;
let world: LifecycleWorld;
let customer: KeyedUser;

beforeAll(async () => {
  await mkdir(artifacts, { recursive: true });
  world = await createLifecycleWorld(stack.db, { strategy: 'round_robin' });
  await isolateWorld(stack.db, world);
  customer = await createKeyedUser(stack.db, 'customer');
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const signInPage = (email: string, returnTo: string) =>
  signedInPage(browser, stack.baseUrl, email, returnTo, { width: 1400, height: 1100 });

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(artifacts, `ticket-for-customer-${name}.png`), fullPage: true });

async function choose(page: Page, field: string, text: string) {
  await page.click(`#field-${field}`);
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

async function openForm(page: Page) {
  await page.goto(`${stack.baseUrl}/admin/resources/tickets`);
  await page.getByText('New ticket for a customer').first().click();
  await page.waitForSelector('[data-testid=ticket-for-customer]');
}

describe('New ticket for a customer, in Chromium', () => {
  it('an agent raises a ticket for a caller: field errors are named, then the ticket opens routed by the workflow', async () => {
    const agent = newAccount(stack, 'agent');
    const page = await signInPage(agent.email, '/admin/resources/tickets');
    await openForm(page);

    // A mistyped address and no title: the form says which fields, and nothing is created.
    await page.fill('#field-requesterEmail', 'paula-at-example');
    await page.fill('#field-requesterName', 'Paula Phone');
    await page.getByTestId('ticket-for-customer-submit').click();
    await page.getByTestId('error-requesterEmail').waitFor();
    expect(await page.getByTestId('error-requesterEmail').textContent()).toContain('must be an e-mail address');
    expect(await page.getByTestId('error-title').textContent()).toContain('is required');
    await shot(page, 'refused');
    expect(await stack.db('tickets').count({ n: '*' }).first()).toEqual({ n: 0 });

    const email = `paula-${randomUUID().slice(0, 8)}@caller.example`;
    await page.fill('#field-requesterEmail', email);
    await page.fill('#field-title', 'Locked out after password reset');
    await page.fill('#field-description', 'Called at 9:05; the reset link says it expired.');
    await choose(page, 'priority', 'high');
    await page.fill('#field-tags', 'login, phone-support');
    await shot(page, 'filled');
    await page.getByTestId('ticket-for-customer-submit').click();

    // The ticket's page, with a notice; the workflow has routed it to an agent of the team.
    await page.waitForURL(/\/admin\/resources\/tickets\/records\/\d+\/show/);
    const ticketId = Number(/records\/(\d+)\/show/.exec(page.url())![1]);
    const ticket = await stack.db('tickets').where({ id: ticketId }).first();
    await page.getByText(`${ticket.number} created for Paula Phone.`).first().waitFor();
    expect(ticket).toMatchObject({ channel: 'phone', priority: 'high', tags: ['login', 'phone-support'] });
    const routed = await eventually(async () => {
      const row = await stack.db('tickets').where({ id: ticketId }).first();
      expect(row.assignee_id).not.toBeNull();
      return row;
    });
    expect(world.agents.map((a) => a.id)).toContain(routed.assignee_id);
    const assignee = world.agents.find((a) => a.id === routed.assignee_id)!;
    await page.reload();
    await page.waitForSelector('[data-testid=sla-state]');
    await page.getByText(assignee.name).first().waitFor();
    await shot(page, 'ticket');

    const requester = await stack.db('users').where({ id: ticket.requester_id }).first();
    expect(requester).toMatchObject({ email, name: 'Paula Phone', role: 'customer', guest: true });
    const agentId = (await stack.db('users').where({ email: agent.email }).first()).id;
    const [created] = await stack.db('ticket_events').where({ ticket_id: ticketId, type: 'created' });
    expect(created).toMatchObject({ actor_id: agentId, source: 'back_office' });
    await eventually(async () =>
      expect(stack.capture.messages().some((m) => m.to.includes(email) && m.text.includes('/guest/t/'))).toBe(true),
    );
  });

  it('offers an existing customer as the address is typed, and raises the ticket for them', async () => {
    const agent = newAccount(stack, 'agent');
    const page = await signInPage(agent.email, '/admin/resources/tickets');
    await openForm(page);
    await page.fill('#field-requesterEmail', customer.user.email.toUpperCase());
    await page.getByTestId('requester-known').getByText(customer.user.name).waitFor();
    await expect(page.locator('#field-requesterName').count()).resolves.toBe(0);
    await choose(page, 'channel', 'Other');
    await page.fill('#field-title', 'Walk-in: cracked badge');
    await page.fill('#field-description', 'Came to the desk with a cracked badge.');
    await choose(page, 'assigneeId', world.agents[1]!.name);
    // A photo of the badge and a log go with it; a program posing as a text file is refused by its bytes.
    await page.getByTestId('ticket-for-customer-files').setInputFiles([
      { name: 'badge-log.txt', mimeType: 'text/plain', buffer: Buffer.from('door 3 refused badge 0412 at 09:14\n') },
      { name: 'not-a-log.txt', mimeType: 'text/plain', buffer: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(512)]) },
    ]);
    await page.getByTestId('ticket-for-customer-file-list').getByText('badge-log.txt').waitFor();
    await shot(page, 'existing-customer');
    await page.getByTestId('ticket-for-customer-submit').click();
    await page.waitForURL(/\/admin\/resources\/tickets\/records\/\d+\/show/);
    const ticketId = Number(/records\/(\d+)\/show/.exec(page.url())![1]);
    const row = await stack.db('tickets').where({ id: ticketId }).first();
    expect(row).toMatchObject({ requester_id: customer.user.id, channel: 'other', assignee_id: world.agents[1]!.id });
    expect((await stack.db('attachments').where({ ticket_id: ticketId })).map((a) => a.filename)).toEqual([
      'badge-log.txt',
    ]);
    await page
      .getByText(/not every file was attached[\s\S]*not-a-log\.txt/)
      .first()
      .waitFor();
  });
});
