import { beforeAll, describe, expect, it } from 'vitest';
import { requestJson } from './support/fixtures.js';
import { createLifecycleWorld, isolateWorld, type LifecycleWorld } from './support/lifecycle-fixtures.js';
import { useTestStack } from './support/use-test-stack.js';

// Custom fields managers define, checked on every write: the API names the field and the allowed
// values, customers set only what they may edit and see only what they may see, a status some field is
// required for waits for it, and a refused request writes nothing. Definitions are global, hence an
// isolated database.
const stack = useTestStack({ isolatedDatabase: true });
let world: LifecycleWorld;

beforeAll(async () => {
  world = await createLifecycleWorld(stack.db, { strategy: 'manual' });
  await isolateWorld(stack.db, world);
  await stack.db('custom_fields').insert([
    {
      key: 'product',
      label: 'Product',
      type: 'single_select',
      options: JSON.stringify(['Hardware', 'Software']),
      required_for_statuses: ['resolved'],
      customer_visible: true,
      customer_editable: true,
      position: 1,
    },
    { key: 'plan', label: 'Plan', type: 'text', customer_visible: true, position: 2 },
    { key: 'serial', label: 'Serial number', type: 'text', position: 3 },
    { key: 'cost', label: 'Cost', type: 'number', position: 4 },
    { key: 'retired', label: 'Retired', type: 'text', position: 5, active: false },
  ]);
});

const api = (path: string) => `${stack.baseUrl}/api${path}`;
const create = (auth: Record<string, string>, body: object) =>
  requestJson(api('/tickets'), { headers: auth, body: { description: 'Details.', ...body } });
const patch = (id: number, body: object, auth = world.staff.auth) =>
  requestJson(api(`/tickets/${id}`), { method: 'PATCH', headers: auth, body });
const row = (id: number) => stack.db('tickets').where({ id }).first();

describe('custom field definitions', () => {
  it('lists the active fields in order: all for staff, the customer-visible ones for customers and guests', async () => {
    const staff = await requestJson(api('/custom-fields'), { headers: world.staff.auth });
    expect(staff.status).toBe(200);
    expect(staff.body.items.map((f: { key: string }) => f.key)).toEqual(['product', 'plan', 'serial', 'cost']);
    expect(staff.body.items[0]).toEqual({
      key: 'product',
      label: 'Product',
      description: null,
      type: 'single_select',
      options: ['Hardware', 'Software'],
      requiredForStatuses: ['resolved'],
      customerVisible: true,
      customerEditable: true,
      position: 1,
    });
    const customer = await requestJson(api('/custom-fields'), { headers: world.customer.auth });
    expect(customer.body.items.map((f: { key: string }) => f.key)).toEqual(['product', 'plan']);
    const guest = await requestJson(api('/guest/custom-fields'));
    expect(guest.body.items.map((f: { key: string }) => f.key)).toEqual(['product', 'plan']);
  });
});

describe('custom field values on create', () => {
  it('refuses a value outside the options, naming the field and the allowed values, and writes nothing', async () => {
    const title = `Bad product ${Date.now()}`;
    const res = await create(world.customer.auth, { title, customFields: { product: 'Firmware' } });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([
      { path: 'customFields.product', message: 'must be one of Hardware, Software' },
    ]);
    expect(await stack.db('tickets').where({ title }).first()).toBeUndefined();
  });

  it('lets customers set only customer-editable fields', async () => {
    const res = await create(world.customer.auth, {
      title: 'Staff field',
      customFields: { serial: 'SN-1', plan: 'x' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([
      { path: 'customFields.serial', message: 'is not a custom field; known fields: product' },
      { path: 'customFields.plan', message: 'is not a custom field; known fields: product' },
    ]);
    const ok = await create(world.customer.auth, { title: 'With product', customFields: { product: 'Hardware' } });
    expect(ok.status).toBe(201);
    expect(ok.body.customFields).toEqual({ product: 'Hardware' });
    expect((await row(ok.body.id)).custom_fields).toEqual({ product: 'Hardware' });
  });

  it('lets staff set every field and refuses wrong types', async () => {
    const bad = await create(world.staff.auth, { title: 'Staff bad', customFields: { cost: '12', colour: 'red' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual([
      'customFields.cost',
      'customFields.colour',
    ]);
    expect(bad.body.error.details[0].message).toBe('must be a number');
    const res = await create(world.staff.auth, { title: 'Staff ok', customFields: { serial: 'SN-9', cost: 12.5 } });
    expect(res.status).toBe(201);
    expect(res.body.customFields).toEqual({ serial: 'SN-9', cost: 12.5 });
  });
});

describe('custom field values on change', () => {
  it('shows customers only customer-visible values', async () => {
    const created = await create(world.customer.auth, { title: 'Visible', customFields: { product: 'Software' } });
    const id = created.body.id as number;
    expect((await patch(id, { customFields: { serial: 'SN-2', plan: 'Gold' } })).status).toBe(200);
    const customer = await requestJson(api(`/tickets/${id}`), { headers: world.customer.auth });
    expect(customer.body.customFields).toEqual({ product: 'Software', plan: 'Gold' });
    const staff = await requestJson(api(`/tickets/${id}`), { headers: world.staff.auth });
    expect(staff.body.customFields).toEqual({ product: 'Software', plan: 'Gold', serial: 'SN-2' });
    const list = await requestJson(api('/tickets?limit=100'), { headers: world.customer.auth });
    const listed = list.body.items.find((t: { id: number }) => t.id === id);
    expect(listed.customFields).toEqual({ product: 'Software', plan: 'Gold' });
  });

  it('refuses a bad value in a PATCH with lifecycle fields, writing nothing', async () => {
    const created = await create(world.staff.auth, { title: 'Patch bad' });
    const id = created.body.id as number;
    const before = await row(id);
    const res = await patch(id, { priority: 'urgent', category: 'Billing', customFields: { product: 'Firmware' } });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([
      { path: 'customFields.product', message: 'must be one of Hardware, Software' },
    ]);
    const after = await row(id);
    expect([after.priority, after.category, after.custom_fields]).toEqual([before.priority, null, {}]);
    expect(await stack.db('ticket_events').where({ ticket_id: id, type: 'fields_edited' })).toEqual([]);
  });

  it('refuses a move to a status a field is required for until the field has a value', async () => {
    const created = await create(world.staff.auth, { title: 'Needs product' });
    const id = created.body.id as number;
    const refusedMove = await patch(id, { status: 'resolved' });
    expect(refusedMove.status).toBe(400);
    expect(refusedMove.body.error.details).toEqual([
      { path: 'customFields.product', message: 'is required before moving to resolved (Product)' },
    ]);
    expect((await row(id)).status).toBe('new');

    // Filled in by the same request: the move goes through, and the values are stored and audited.
    const res = await patch(id, { status: 'resolved', customFields: { product: 'Software' }, category: 'Licences' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'resolved', category: 'Licences', customFields: { product: 'Software' } });
    const edited = await stack.db('ticket_events').where({ ticket_id: id, type: 'fields_edited' }).first();
    expect(edited.after).toEqual({ category: 'Licences', custom_fields: { product: 'Software' } });

    // Clearing the value again: reopening is fine, resolving again is refused.
    expect((await patch(id, { status: 'open', customFields: { product: null } })).status).toBe(200);
    expect((await patch(id, { status: 'resolved' })).status).toBe(400);
  });

  it('keeps customers away from PATCH', async () => {
    const created = await create(world.customer.auth, { title: 'Mine' });
    const res = await patch(created.body.id, { customFields: { product: 'Software' } }, world.customer.auth);
    expect(res.status).toBe(403);
  });
});

describe('the tag vocabulary', () => {
  it('allows free tags by default, and only listed ones (in their spelling) once free tags are off', async () => {
    const created = await create(world.staff.auth, { title: 'Tagged', tags: ['printer'] });
    expect(created.status).toBe(201);
    const id = created.body.id as number;
    expect(created.body.tags).toEqual(['printer']);

    await stack.db('tags').insert({ name: 'VIP' });
    await stack.db('ticket_settings').where({ id: 1 }).update({ free_tags_allowed: false });
    try {
      const refusedTags = await patch(id, { tags: ['vip', 'other'] });
      expect(refusedTags.status).toBe(400);
      expect(refusedTags.body.error.details).toEqual([
        { path: 'tags', message: '"other" is not in the tag list (free tags are off)' },
      ]);
      expect((await row(id)).tags).toEqual(['printer']);
      const refusedCreate = await create(world.staff.auth, { title: 'Tagged off', tags: ['other'] });
      expect(refusedCreate.status).toBe(400);
      const res = await patch(id, { tags: ['vip'] });
      expect(res.status).toBe(200);
      expect(res.body.tags).toEqual(['VIP']);
    } finally {
      await stack.db('ticket_settings').where({ id: 1 }).update({ free_tags_allowed: true });
    }
  });
});
