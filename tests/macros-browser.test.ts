import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, signedInPage } from './support/chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './support/eventually.js';
import { requestJson } from './support/fixtures.js';
import { createLifecycleWorld, isolateWorld, type LifecycleWorld } from './support/lifecycle-fixtures.js';
import { projectRoot } from './support/run-command.js';
import { newAccount } from './support/sign-in.js';
import { useTestStack } from './support/use-test-stack.js';

// Macros in real Chromium: a manager writes one through the form (a typo in a placeholder is refused
// naming it), an agent applies it to three tickets at once. Screenshots go to test-artifacts/admin/.
const artifacts = path.join(projectRoot, 'test-artifacts', 'admin');

const stack = useTestStack({ isolatedDatabase: true });
let browser: Browser;
let world: LifecycleWorld;
const tickets: { id: number; number: string }[] = [];

beforeAll(async () => {
  await mkdir(artifacts, { recursive: true });
  world = await createLifecycleWorld(stack.db);
  await isolateWorld(stack.db, world);
  for (const title of ['VPN drops', 'Printer offline', 'Cannot log in']) {
    const res = await requestJson(`${stack.baseUrl}/api/tickets`, {
      headers: world.customer.auth,
      body: { title, description: 'Since this morning.' },
    });
    expect(res.status).toBe(201);
    tickets.push(res.body);
  }
  // Routing is the last step of a new workflow's start: after it, the workflow leaves the row alone.
  await eventually(async () =>
    expect(
      await stack
        .db('ticket_events')
        .whereIn(
          'ticket_id',
          tickets.map((t) => t.id),
        )
        .where({ type: 'assigned' }),
    ).toHaveLength(3),
  );
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const signInPage = (email: string, returnTo: string) =>
  signedInPage(browser, stack.baseUrl, email, returnTo, { width: 1400, height: 900 });

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });

describe('macros in Chromium', () => {
  it('a manager writes a macro through the form; a placeholder typo is refused by name', async () => {
    const manager = newAccount(stack, 'manager');
    const page = await signInPage(manager.email, '/admin/resources/macros');
    await page.getByTestId('action-new').first().click();
    // A new macro is active unless switched off: the box starts unticked.
    expect(await page.locator('input[name=switchedOff]').isChecked()).toBe(false);
    await page.locator('input[name=name]').fill('Need a screenshot');
    await page.locator('textarea[name=body]').fill('Hi {{requester.firstName}}, see {{ticket.numbr}}.');
    await page.click('[data-testid=property-edit-set_status] input');
    await page.keyboard.type('pending');
    await page.keyboard.press('Enter');
    await page.locator('input[name=addTagsText]').fill('needs-info');
    await page.getByRole('button', { name: 'Save' }).click();
    await page
      .getByText(/unknown placeholder \{\{ticket\.numbr\}\}/)
      .first()
      .waitFor();
    await shot(page, 'macro-refused');

    await page
      .locator('textarea[name=body]')
      .fill('Hi {{requester.firstName}}, about {{ticket.number}} ({{ticket.title}}): could you send a screenshot?');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/admin\/resources\/macros(\?|$)/);
    await page.getByText('Need a screenshot').first().waitFor();
    await shot(page, 'macro-saved');
    expect(await stack.db('macros').where({ name: 'Need a screenshot' }).first()).toMatchObject({
      set_status: 'pending',
      add_tags: ['needs-info'],
      active: true,
    });
  });

  it('an agent applies the macro to three tickets with the bulk action and sees one outcome per ticket', async () => {
    const agent = newAccount(stack, 'agent');
    const page = await signInPage(agent.email, '/admin/resources/tickets');
    for (const ticket of tickets) {
      const row = page.locator(`tr[data-id="${ticket.id}"]`);
      await row.waitFor();
      await row.locator('input[type=checkbox]').check({ force: true });
    }
    await page.getByTestId('action-bulkApplyMacro').click();
    await page.waitForSelector('[data-testid=command-bulkApplyMacro]');
    await page.click('#field-macroId');
    await page.keyboard.type('Need a screenshot');
    await page.keyboard.press('Enter');
    const preview = page.getByTestId('macro-preview-body');
    await preview.waitFor();
    const firstName = world.customer.user.name.split(' ')[0];
    expect(await preview.textContent()).toMatch(
      new RegExp(`^Hi ${firstName}, about TF-\\d+ \\(.+\\): could you send a screenshot\\?$`),
    );
    expect(await page.getByTestId('macro-preview-actions').innerText()).toBe('Status → pending\nAdd tags: needs-info');
    await shot(page, 'macro-bulk-preview');
    await page.getByTestId('command-submit').click();
    const numbers = [...tickets].sort((a, b) => a.id - b.id).map((t) => t.number);
    await page
      .getByText(/^Macro applied to 3 ticket\(s\)/)
      .first()
      .waitFor();
    await shot(page, 'macro-bulk-applied');

    const rows = await stack
      .db('tickets')
      .whereIn(
        'id',
        tickets.map((t) => t.id),
      )
      .orderBy('id');
    expect(rows.map((r) => [r.number, r.status, r.tags])).toEqual(numbers.map((n) => [n, 'pending', ['needs-info']]));
    for (const ticket of tickets) {
      const detail = await requestJson(`${stack.baseUrl}/api/tickets/${ticket.id}`, { headers: world.customer.auth });
      const title = (await stack.db('tickets').where({ id: ticket.id }).first()).title;
      expect(detail.body.messages.map((m: { body: string }) => m.body)).toEqual([
        `Hi ${firstName}, about ${ticket.number} (${title}): could you send a screenshot?`,
      ]);
    }
  });

  it('an agent applies the macro from the ticket page after reading the preview', async () => {
    const created = await requestJson(`${stack.baseUrl}/api/tickets`, {
      headers: world.customer.auth,
      body: { title: 'Keyboard <b>sticky</b> {{agent.name}}', description: 'Keys stick.' },
    });
    const ticket = created.body as { id: number; number: string };
    await eventually(async () =>
      expect(await stack.db('ticket_events').where({ ticket_id: ticket.id, type: 'assigned' })).toHaveLength(1),
    );
    const agent = newAccount(stack, 'agent');
    const page = await signInPage(agent.email, `/admin/resources/tickets/records/${ticket.id}/show`);
    await page.waitForSelector('[data-testid=sla-state]');
    await page.getByTestId('action-applyMacro').click();
    await page.waitForSelector('[data-testid=command-applyMacro]');
    await page.click('#field-macroId');
    await page.keyboard.type('Need a screenshot');
    await page.keyboard.press('Enter');
    const firstName = world.customer.user.name.split(' ')[0];
    const expected = `Hi ${firstName}, about ${ticket.number} (Keyboard <b>sticky</b> {{agent.name}}): could you send a screenshot?`;
    // The title's markup and braces are shown as typed, in the preview and in the conversation.
    expect(await page.getByTestId('macro-preview-body').textContent()).toBe(expected);
    await shot(page, 'macro-ticket-preview');
    await page.getByTestId('command-submit').click();
    await page.getByText(`${ticket.number} macro applied.`).first().waitFor();
    await page.getByTestId('conversation').getByText(expected).first().waitFor();
    await shot(page, 'macro-ticket-applied');
    await eventually(async () =>
      expect(await stack.db('tickets').where({ id: ticket.id }).first()).toMatchObject({ status: 'pending' }),
    );
  });
});
