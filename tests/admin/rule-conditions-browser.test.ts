import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, signedInPage } from '../support/chromium.js';
import { eventually } from '../support/eventually.js';
import { createLifecycleWorld, isolateWorld, type LifecycleWorld } from '../support/lifecycle-fixtures.js';
import { projectRoot } from '../support/run-command.js';
import { newAccount } from '../support/sign-in.js';
import { useTestStack } from '../support/use-test-stack.js';

// A manager writes tag and custom field conditions on an SLA policy in real Chromium, reading only
// the form. Screenshots are kept in test-artifacts/admin/.
const artifacts = path.join(projectRoot, 'test-artifacts', 'admin');
const stack = useTestStack({ isolatedDatabase: true });
let browser: Browser;
let world: LifecycleWorld;

beforeAll(async () => {
  await mkdir(artifacts, { recursive: true });
  world = await createLifecycleWorld(stack.db);
  await isolateWorld(stack.db, world);
  await stack.db('custom_fields').insert([
    { key: 'plan', label: 'Plan', type: 'single_select', options: JSON.stringify(['gold', 'platinum']) },
    { key: 'region', label: 'Region', type: 'text' },
  ]);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });

describe('rule conditions in Chromium', () => {
  it('a manager sets tag and custom field conditions on an SLA policy, a line without a colon refused by its number', async () => {
    const manager = newAccount(stack, 'manager');
    const url = `/admin/resources/sla_policies/records/${world.policyId}/edit`;
    const page = await signedInPage(browser, stack.baseUrl, manager.email, url, { width: 1400, height: 900 });
    await page.waitForSelector('input[name=conditionTags]');
    expect(await page.locator('input[name=conditionTags]').getAttribute('placeholder')).toMatch(/vip, outage/);
    await page.fill('input[name=conditionTags]', 'vip, key account');
    await page.fill('textarea[name=conditionCustomFields]', 'plan: gold, platinum\nregion emea');
    await page.getByRole('button', { name: 'Save' }).click();
    await page
      .getByText('line 2 ("region emea") needs a colon between the field key and its values, e.g. plan: gold')
      .first()
      .waitFor();
    await shot(page, 'sla-policy-conditions-refused');
    expect((await stack.db('sla_policies').where({ id: world.policyId }).first()).conditions).toEqual({});

    await page.fill('textarea[name=conditionCustomFields]', 'plan: gold, platinum\nregion: emea');
    await page.locator('input[name=conditionTags]').scrollIntoViewIfNeeded();
    await shot(page, 'sla-policy-conditions');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/admin\/resources\/sla_policies(\?|$)/);
    await eventually(async () =>
      expect((await stack.db('sla_policies').where({ id: world.policyId }).first()).conditions).toMatchObject({
        tags: ['vip', 'key account'],
        customFields: [
          { key: 'plan', anyOf: ['gold', 'platinum'] },
          { key: 'region', anyOf: ['emea'] },
        ],
      }),
    );
  });
});
