import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, signedInPage } from './support/chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './support/eventually.js';
import { requestJson } from './support/fixtures.js';
import {
  addEscalationRule,
  createLifecycleWorld,
  isolateWorld,
  type LifecycleWorld,
} from './support/lifecycle-fixtures.js';
import { projectRoot } from './support/run-command.js';
import { newAccount } from './support/sign-in.js';
import { useTestStack } from './support/use-test-stack.js';

// The back office in real Chromium, signed in through the dev identity provider's login form.
// Screenshots of each main screen are kept in test-artifacts/admin/.
const artifacts = path.join(projectRoot, 'test-artifacts', 'admin');

const stack = useTestStack({ isolatedDatabase: true });
let browser: Browser;
let world: LifecycleWorld;
let ticket: { id: number; number: string };
let ruleId: number;

beforeAll(async () => {
  await mkdir(artifacts, { recursive: true });
  world = await createLifecycleWorld(stack.db, { strategy: 'manual' });
  await isolateWorld(stack.db, world);
  ruleId = await addEscalationRule(stack.db, {
    name: 'Nudge the lead',
    trigger: 'sla_warning',
    delaySeconds: 600,
    actions: [{ type: 'notify', target: 'team_lead' }],
  });
  const res = await requestJson(`${stack.baseUrl}/api/tickets`, {
    headers: world.customer.auth,
    body: { title: 'Scanner offline', description: 'The scanner on floor 2 is offline.' },
  });
  ticket = res.body;
  await requestJson(`${stack.baseUrl}/api/tickets`, {
    headers: world.customer.auth,
    body: { title: 'Monitor flickers', description: 'Flickering.' },
  });
  // Routing is the last step of a new workflow's start: after it, the workflow leaves the row alone.
  await eventually(
    async () =>
      expect(await stack.db('ticket_events').where({ ticket_id: ticket.id, type: 'assigned' })).toHaveLength(1),
    // Routing follows the workflow's start: seconds alone, longer on two cores shared with the suite.
    60_000,
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

describe('the back office in Chromium', () => {
  it('an agent signs in, filters the list, opens a ticket, assigns it and replies', async () => {
    const agent = newAccount(stack, 'agent');
    const page = await signInPage(agent.email, '/admin');
    await page.waitForSelector('[data-testid=dashboard] [data-testid=open-by-status]');
    await page.getByText(agent.email).first().waitFor();
    await shot(page, 'dashboard');

    await page.goto(`${stack.baseUrl}/admin/resources/tickets`);
    await page.click('[data-css=tickets-filter-button]');
    await page.click('[data-css=tickets-filter-status] input');
    await page.keyboard.type('new');
    await page.keyboard.press('Enter');
    await page.click('[data-css=tickets-filter-drawer-button-apply]');
    await page.waitForURL(/filters\.status=new/);
    await page.locator('tbody tr', { hasText: ticket.number }).first().waitFor();
    await shot(page, 'ticket-list-filtered');

    await page.locator('tbody tr', { hasText: ticket.number }).getByText(ticket.number).click();
    await page.waitForSelector('[data-testid=sla-state]');
    expect(await page.getByTestId('temporal-link').getAttribute('href')).toBe(
      `http://temporal-ui.test/namespaces/default/workflows/ticket-${ticket.id}`,
    );
    await shot(page, 'ticket-page');

    await page.getByTestId('action-assign').click();
    await page.waitForSelector('[data-testid=command-assign]');
    await page.click('#field-assigneeId');
    await page.keyboard.type(agent.name);
    await page.keyboard.press('Enter');
    await shot(page, 'ticket-assign');
    await page.getByTestId('command-submit').click();
    await page.getByText(`${ticket.number} assigned.`).first().waitFor();
    const agentId = (await stack.db('users').where({ email: agent.email }).first()).id;
    await eventually(async () =>
      expect((await stack.db('tickets').where({ id: ticket.id }).first()).assignee_id).toBe(agentId),
    );

    await page.getByTestId('action-reply').click();
    await page.fill('#field-body', 'We are sending a technician.');
    await page.getByTestId('command-submit').click();
    await page.getByTestId('conversation').getByText('We are sending a technician.').first().waitFor();
    await shot(page, 'ticket-replied');
    expect(
      await stack
        .db('ticket_messages')
        .where({ ticket_id: ticket.id, author_id: agentId, internal: false })
        .pluck('body'),
    ).toEqual(['We are sending a technician.']);
  });

  it('a manager edits an escalation rule and sees a contradictory one refused', async () => {
    const manager = newAccount(stack, 'manager');
    const page = await signInPage(manager.email, `/admin/resources/escalation_rules/records/${ruleId}/edit`);
    const delay = page.locator('input[name=delayMinutes]');
    expect(await delay.inputValue()).toBe('10');
    await delay.fill('25');
    await page.locator('input[name=level]').fill('2');
    await shot(page, 'escalation-rule-edit');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/admin\/resources\/escalation_rules(\?|$)/);
    await eventually(async () =>
      expect(await stack.db('escalation_rules').where({ id: ruleId }).first()).toMatchObject({
        delay_seconds: 1500,
        level: 2,
      }),
    );

    await page.goto(`${stack.baseUrl}/admin/resources/escalation_rules/records/${ruleId}/edit`);
    await page.locator('input[name=delayMinutes]').fill('0');
    await page.click('[data-testid=property-edit-trigger] input');
    await page.keyboard.type('No update');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Save' }).click();
    await page
      .getByText(/must be more than 0 for a no_update rule/)
      .first()
      .waitFor();
    await shot(page, 'escalation-rule-refused');
    expect((await stack.db('escalation_rules').where({ id: ruleId }).first()).trigger).toBe('sla_warning');

    for (const [name, url] of [
      ['sla-policy-edit', `/admin/resources/sla_policies/records/${world.policyId}/edit`],
      ['calendar-edit', `/admin/resources/business_calendars/records/${world.calendarId}/edit`],
    ] as const) {
      await page.goto(`${stack.baseUrl}${url}`);
      await page.waitForSelector('form input');
      await shot(page, name);
    }
  });
});
