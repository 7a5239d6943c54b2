import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, signedInPage } from './support/chromium.js';
import { eventually } from './support/eventually.js';
import { requestJson } from './support/fixtures.js';
import { createLifecycleWorld, isolateWorld, type LifecycleWorld } from './support/lifecycle-fixtures.js';
import { projectRoot } from './support/run-command.js';
import { newAccount } from './support/sign-in.js';
import { useTestStack } from './support/use-test-stack.js';

// Custom fields in the back office, in real Chromium: a manager defines one with the form, an agent
// fills every type in on the ticket edit page and reads the values by label on the ticket page, and
// "New ticket for a customer" offers the same inputs. Screenshots in test-artifacts/admin/custom-fields-*.png.
const artifacts = path.join(projectRoot, 'test-artifacts', 'admin');
const stack = useTestStack({ isolatedDatabase: true });
let browser: Browser;
let world: LifecycleWorld;

beforeAll(async () => {
  await mkdir(artifacts, { recursive: true });
  world = await createLifecycleWorld(stack.db, { strategy: 'manual' });
  await isolateWorld(stack.db, world);
  await stack.db('custom_fields').insert([
    { key: 'serial', label: 'Serial number', type: 'text', position: 2 },
    { key: 'seats', label: 'Seats', type: 'number', position: 3 },
    { key: 'visit', label: 'Visit on', type: 'date', position: 4 },
    { key: 'onsite', label: 'On site', type: 'checkbox', position: 5 },
    { key: 'areas', label: 'Areas', type: 'multi_select', options: JSON.stringify(['EU', 'US', 'APAC']), position: 6 },
  ]);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const signInPage = (email: string, returnTo: string) =>
  signedInPage(browser, stack.baseUrl, email, returnTo, { width: 1400, height: 1400 });

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(artifacts, `custom-fields-${name}.png`), fullPage: true });

async function pick(page: Page, inputId: string, text: string) {
  await page.click(`#${inputId}`);
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

describe('custom fields in the back office, in Chromium', () => {
  it('a manager defines a select field with the form', async () => {
    const manager = newAccount(stack, 'manager');
    const page = await signInPage(manager.email, '/admin/resources/custom_fields/actions/new');
    await page.getByText('Required before moving to').first().waitFor();
    await shot(page, 'define-empty');
    await page.fill('input[name=label]', 'Product');
    await page.fill('input[name=key]', 'product');
    await page.click('[data-testid=property-edit-type] input');
    await page.keyboard.type('Single select');
    await page.keyboard.press('Enter');
    await page.getByText('Add new item').first().click();
    await page.fill('input[name="optionList.0"]', 'Hardware');
    await page.getByText('Add new item').first().click();
    await page.fill('input[name="optionList.1"]', 'Software');
    await pick(page, 'requiredStatuses', 'resolved');
    await page.fill('input[name=position]', '1');
    await shot(page, 'define');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/admin\/resources\/custom_fields(\/records\/\d+\/show)?$/);
    expect(await stack.db('custom_fields').where({ key: 'product' }).first()).toMatchObject({
      label: 'Product',
      type: 'single_select',
      options: ['Hardware', 'Software'],
      required_for_statuses: ['resolved'],
      active: true,
    });
  });

  it('an agent fills in every type on the ticket edit page and reads the values on the ticket page', async () => {
    const created = await requestJson(`${stack.baseUrl}/api/tickets`, {
      headers: world.customer.auth,
      body: { title: 'Scanner jams', description: 'Every page.' },
    });
    const id = created.body.id as number;
    const agent = newAccount(stack, 'agent');
    const page = await signInPage(agent.email, `/admin/resources/tickets/records/${id}/edit`);
    await page.getByTestId('ticket-custom-fields').waitFor();
    await pick(page, 'custom-field-product', 'Hardware');
    await page.fill('#custom-field-serial', 'SN-42');
    await page.fill('#custom-field-seats', '12');
    await page.fill('#custom-field-visit', '2026-12-24');
    await page.click('[data-testid=custom-field-onsite] .adminjs_Checkbox > :last-child');
    await pick(page, 'custom-field-areas', 'EU');
    await pick(page, 'custom-field-areas', 'APAC');
    await shot(page, 'edit');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(new RegExp(`/records/${id}/show`));
    await page.getByTestId('custom-field-product').waitFor();
    expect((await stack.db('tickets').where({ id }).first()).custom_fields).toEqual({
      product: 'Hardware',
      serial: 'SN-42',
      seats: 12,
      visit: '2026-12-24',
      onsite: true,
      areas: ['EU', 'APAC'],
    });
    expect(await page.getByTestId('ticket-fields').innerText()).toMatch(
      /Product: Hardware[\s\S]*Serial number: SN-42[\s\S]*Seats: 12[\s\S]*Visit on: 2026-12-24[\s\S]*On site: Yes[\s\S]*Areas: EU, APAC/,
    );
    await shot(page, 'ticket');
  });

  it('"New ticket for a customer" offers the same inputs', async () => {
    const agent = newAccount(stack, 'agent');
    const page = await signInPage(agent.email, '/admin/resources/tickets');
    await page.getByText('New ticket for a customer').first().click();
    await page.waitForSelector('[data-testid=ticket-for-customer]');
    await page.fill('#field-requesterEmail', world.customer.user.email);
    await page.fill('#field-title', 'Phoned: printer offline');
    await page.fill('#field-description', 'Since this morning.');
    await pick(page, 'custom-field-product', 'Software');
    await page.fill('#custom-field-serial', 'SN-7');
    await shot(page, 'for-customer');
    await page.getByTestId('ticket-for-customer-submit').click();
    await page.waitForURL(/\/admin\/resources\/tickets\/records\/\d+\/show/);
    const ticketId = Number(/records\/(\d+)\/show/.exec(page.url())![1]);
    expect((await stack.db('tickets').where({ id: ticketId }).first()).custom_fields).toEqual({
      product: 'Software',
      serial: 'SN-7',
    });
  });

  it('a manager conditions an SLA policy on the field, and a running ticket given that value moves to it', async () => {
    // A second policy, tried first, that the manager limits to hardware tickets in its form.
    const {
      id: _id,
      created_at: _c,
      updated_at: _u,
      ...base
    } = await stack.db('sla_policies').where({ id: world.policyId }).first();
    const [{ id: fastLane }] = await stack
      .db('sla_policies')
      .insert({
        ...base,
        name: 'Hardware fast lane',
        position: 1,
        conditions: JSON.stringify({ tags: ['unused'] }),
        pause_statuses: JSON.stringify(base.pause_statuses),
        warning_thresholds: JSON.stringify(base.warning_thresholds),
      })
      .returning('id');
    const manager = newAccount(stack, 'manager');
    const form = await signInPage(manager.email, `/admin/resources/sla_policies/records/${fastLane}/edit`);
    await form.waitForSelector('textarea[name=conditionCustomFields]');
    await form.fill('input[name=conditionTags]', '');
    await form.fill('textarea[name=conditionCustomFields]', 'product: Hardware');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitForURL(/\/admin\/resources\/sla_policies(\?|$)/);

    const created = await requestJson(`${stack.baseUrl}/api/tickets`, {
      headers: world.customer.auth,
      body: { title: 'Dock does not charge', description: 'Since Monday.' },
    });
    const id = created.body.id as number;
    await eventually(
      async () => expect((await stack.db('tickets').where({ id }).first()).sla_policy_id).toBe(world.policyId),
      60_000,
    );
    const agent = newAccount(stack, 'agent');
    const page = await signInPage(agent.email, `/admin/resources/tickets/records/${id}/edit`);
    await page.getByTestId('ticket-custom-fields').waitFor();
    await pick(page, 'custom-field-product', 'Hardware');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(new RegExp(`/records/${id}/show`));

    // The workflow evaluates the rules again: the ticket is now on the fast lane, and its page says so.
    await eventually(async () =>
      expect((await stack.db('tickets').where({ id }).first()).sla_policy_id).toBe(fastLane),
    );
    await eventually(async () => {
      await page.reload();
      await page.getByTestId('ticket-custom-fields').or(page.getByTestId('ticket-fields')).first().waitFor();
      expect(await page.locator('body').innerText()).toContain('Policy Hardware fast lane');
    });
    const recalculated = await stack.db('ticket_events').where({ ticket_id: id, type: 'sla_recalculated' }).first();
    expect(recalculated.after).toMatchObject({ policyId: fastLane, reason: 'custom fields changed' });
    await shot(page, 'rule-matched');
  });
});
