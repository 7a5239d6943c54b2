import { beforeAll, describe, expect, it } from 'vitest';
import { requestJson } from '../support/fixtures.js';
import { createLifecycleWorld, isolateWorld, type LifecycleWorld } from '../support/lifecycle-fixtures.js';
import { useTestStack } from '../support/use-test-stack.js';
import { adminSession, type AdminSession } from './admin-session.js';

// Managers define custom fields and the tag list in the back office; agents fill values in on the
// ticket edit page (one input per field, errors per field) and on "New ticket for a customer", but
// cannot define fields. Definitions are global, hence an isolated database.
const stack = useTestStack({ isolatedDatabase: true });
let world: LifecycleWorld;
let manager: AdminSession;
let agent: AdminSession;

beforeAll(async () => {
  world = await createLifecycleWorld(stack.db, { strategy: 'manual' });
  await isolateWorld(stack.db, world);
  [manager, agent] = await Promise.all([adminSession(stack, 'manager'), adminSession(stack, 'agent')]);
});

const productForm = {
  label: 'Product',
  key: 'product',
  description: 'What the customer uses',
  type: 'single_select',
  'optionList.0': 'Hardware',
  'optionList.1': 'Software',
  'requiredStatuses.0': 'resolved',
  customer_visible: 'true',
  customer_editable: 'true',
  position: '1',
};

async function newTicket(title: string): Promise<number> {
  const res = await requestJson(`${stack.baseUrl}/api/tickets`, {
    headers: world.customer.auth,
    body: { title, description: 'Help' },
  });
  expect(res.status).toBe(201);
  return res.body.id;
}

describe('custom fields in the back office', () => {
  it('a manager defines a field with plain form fields; contradictions are refused naming the field', async () => {
    const noOptions = await manager.post('/api/resources/custom_fields/actions/new', {
      ...productForm,
      'optionList.0': '',
      'optionList.1': '',
    });
    expect(noOptions.body.record.errors.optionList.message).toBe('must list at least one option for a select');
    const hiddenButEditable = await manager.post('/api/resources/custom_fields/actions/new', {
      ...productForm,
      customer_visible: 'false',
    });
    expect(hiddenButEditable.body.record.errors.customer_editable.message).toMatch(/visible to customers/);
    expect(await stack.db('custom_fields')).toEqual([]);

    const created = await manager.post('/api/resources/custom_fields/actions/new', productForm);
    expect(created.body.notice, JSON.stringify(created.body.record?.errors)).toMatchObject({ type: 'success' });
    expect(await stack.db('custom_fields').where({ key: 'product' }).first()).toMatchObject({
      label: 'Product',
      type: 'single_select',
      options: ['Hardware', 'Software'],
      required_for_statuses: ['resolved'],
      customer_visible: true,
      customer_editable: true,
      active: true,
    });
    const serial = await manager.post('/api/resources/custom_fields/actions/new', {
      label: 'Serial number',
      key: 'serial',
      type: 'text',
      position: '2',
    });
    expect(serial.body.notice.type).toBe('success');

    // The key cannot change once tickets may hold values under it.
    const id = created.body.record.id;
    const renamed = await manager.post(`/api/resources/custom_fields/records/${id}/edit`, {
      ...productForm,
      key: 'products',
    });
    expect(renamed.body.record.errors.key.message).toMatch(/cannot change/);

    // The API lists it at once.
    const listed = await requestJson(`${stack.baseUrl}/api/custom-fields`, { headers: world.customer.auth });
    expect(listed.body.items.map((f: { key: string }) => f.key)).toEqual(['product']);
  });

  it('an agent cannot define fields or change the tag settings', async () => {
    const res = await agent.post('/api/resources/custom_fields/actions/new', { ...productForm, key: 'sneaky' });
    expect(res.status).toBe(403);
    const settings = await agent.post('/api/resources/ticket_settings/records/1/edit', { free_tags_allowed: 'false' });
    expect(settings.status).toBe(403);
    expect(await stack.db('custom_fields').where({ key: 'sneaky' })).toEqual([]);
    expect((await stack.db('ticket_settings').first()).free_tags_allowed).toBe(true);
  });

  it('an agent edits a ticket’s values, one error per field, and the ticket page lists them by label', async () => {
    const id = await newTicket('Printer on fire');
    const form = await agent.get(`/api/resources/tickets/records/${id}/edit`);
    expect(JSON.parse(form.body.record.params.customFieldDefinitionsJson).map((d: { key: string }) => d.key)).toEqual([
      'product',
      'serial',
    ]);

    const bad = await agent.post(`/api/resources/tickets/records/${id}/edit`, {
      title: 'Printer on fire',
      customFieldsJson: JSON.stringify({ product: 'Firmware', serial: 'SN-1' }),
    });
    expect(bad.body.record.errors['customFields.product'].message).toBe('must be one of Hardware, Software');
    expect(bad.body.notice.type).toBe('error');
    expect((await stack.db('tickets').where({ id }).first()).custom_fields).toEqual({});

    const good = await agent.post(`/api/resources/tickets/records/${id}/edit`, {
      title: 'Printer on fire (3rd floor)',
      tagsText: 'printer, urgent-ish',
      customFieldsJson: JSON.stringify({ product: 'Hardware', serial: 'SN-1' }),
    });
    expect(good.body.notice, JSON.stringify(good.body.record?.errors)).toMatchObject({ type: 'success' });
    const row = await stack.db('tickets').where({ id }).first();
    expect(row).toMatchObject({
      title: 'Printer on fire (3rd floor)',
      tags: ['printer', 'urgent-ish'],
      custom_fields: { product: 'Hardware', serial: 'SN-1' },
    });
    const edited = await stack.db('ticket_events').where({ ticket_id: id, type: 'fields_edited' }).first();
    expect(edited.after).toMatchObject({ custom_fields: { product: 'Hardware', serial: 'SN-1' } });

    const page = await agent.get(`/api/resources/tickets/records/${id}/overview`);
    expect(page.body.overview.customFields).toEqual([
      { key: 'product', label: 'Product', type: 'single_select', value: 'Hardware', active: true },
      { key: 'serial', label: 'Serial number', type: 'text', value: 'SN-1', active: true },
    ]);

    // Customers see the customer-visible value only.
    const customer = await requestJson(`${stack.baseUrl}/api/tickets/${id}`, { headers: world.customer.auth });
    expect(customer.body.customFields).toEqual({ product: 'Hardware' });
  });

  it('refuses resolving a ticket from the back office while a required field is empty', async () => {
    const id = await newTicket('Needs a product');
    const refused = await agent.post(`/api/resources/tickets/records/${id}/resolve`, {});
    expect(refused.body.notice.type).toBe('error');
    expect(refused.body.notice.message).toMatch(/Product/);
    expect((await stack.db('tickets').where({ id }).first()).status).not.toBe('resolved');
  });

  it('"New ticket for a customer" takes custom fields, checked like the API', async () => {
    const base = {
      requesterEmail: world.customer.user.email,
      channel: 'phone',
      title: 'Phoned in',
      description: 'Scanner jams',
      priority: 'normal',
    };
    const bad = await agent.post('/api/resources/tickets/actions/newForCustomer', {
      ...base,
      customFieldsJson: JSON.stringify({ product: 'Scanner' }),
    });
    expect(bad.body.errors).toEqual({ 'customFields.product': 'must be one of Hardware, Software' });
    const ok = await agent.post('/api/resources/tickets/actions/newForCustomer', {
      ...base,
      customFieldsJson: JSON.stringify({ product: 'Hardware', serial: null }),
    });
    expect(ok.body.notice, JSON.stringify(ok.body.errors)).toMatchObject({ type: 'success' });
    expect((await stack.db('tickets').where({ id: ok.body.ticket.id }).first()).custom_fields).toEqual({
      product: 'Hardware',
    });
  });

  it('a manager keeps the tag list and turns free tags off; tags off the list are then refused', async () => {
    const tag = await manager.post('/api/resources/tags/actions/new', { name: 'VIP', description: 'Key accounts' });
    expect(tag.body.notice.type).toBe('success');
    const duplicate = await manager.post('/api/resources/tags/actions/new', { name: 'vip' });
    expect(duplicate.body.record.errors.name.message).toBe('is already in the list as "VIP"');
    const off = await manager.post('/api/resources/ticket_settings/records/1/edit', { free_tags_allowed: 'false' });
    expect(off.body.notice.type).toBe('success');

    const id = await newTicket('Tag me');
    const refused = await agent.post(`/api/resources/tickets/records/${id}/edit`, { tagsText: 'vip, whatever' });
    expect(refused.body.record.errors.tagsText.message).toBe('"whatever" is not in the tag list (free tags are off)');
    const accepted = await agent.post(`/api/resources/tickets/records/${id}/edit`, { tagsText: 'vip' });
    expect(accepted.body.notice.type).toBe('success');
    expect((await stack.db('tickets').where({ id }).first()).tags).toEqual(['VIP']);

    const macro = await manager.post('/api/resources/macros/actions/new', {
      name: 'Tag it',
      body: '',
      internal: 'false',
      addTagsText: 'whatever',
      removeTagsText: '',
    });
    expect(macro.body.record.errors.addTagsText.message).toBe('"whatever" is not in the tag list (free tags are off)');
    await stack.db('ticket_settings').update({ free_tags_allowed: true });
  });
});
