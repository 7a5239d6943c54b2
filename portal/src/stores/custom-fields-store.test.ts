import { describe, expect, it } from 'vitest';
import { makeCustomField } from '../test-support/fixtures.js';
import { apiError, fakeServer, json } from '../test-support/fake-server.js';
import { useFreshStores } from '../test-support/fresh-stores.js';
import { useCustomFieldsStore } from './custom-fields-store.js';

describe('useCustomFieldsStore', () => {
  useFreshStores();

  it('loads the definitions once for every caller, and orders what customers fill in and see', async () => {
    const server = fakeServer();
    server.on('GET', '/api/custom-fields', () =>
      json(200, {
        items: [
          makeCustomField({ key: 'serial', type: 'text', position: 3 }),
          makeCustomField({ key: 'region', type: 'single_select', options: ['EU'], position: 1 }),
          makeCustomField({ key: 'contract', type: 'text', position: 2, customerEditable: false }),
        ],
      }),
    );
    const store = useCustomFieldsStore();
    await Promise.all([store.ensureLoaded('customer'), store.ensureLoaded('customer')]);
    await store.ensureLoaded('customer');
    expect(server.sent('GET', '/api/custom-fields')).toHaveLength(1);
    expect(store.state).toBe('ready');
    expect(store.editable.map((d) => d.key)).toEqual(['region', 'serial']);
    expect(store.visible.map((d) => d.key)).toEqual(['region', 'contract', 'serial']);
  });

  it('leaves the forms without custom fields when they cannot be loaded, and tries again next time', async () => {
    const server = fakeServer();
    server.on('GET', '/api/custom-fields', () => apiError(503, 'dependency_unavailable', 'Try again shortly.'));
    const store = useCustomFieldsStore();
    await store.ensureLoaded('customer');
    expect(store.state).toBe('error');
    expect(store.editable).toEqual([]);

    server.on('GET', '/api/custom-fields', () =>
      json(200, { items: [makeCustomField({ key: 'serial', type: 'text' })] }),
    );
    await store.ensureLoaded('customer');
    expect(store.editable.map((d) => d.key)).toEqual(['serial']);
    expect(server.sent('GET', '/api/custom-fields')).toHaveLength(2);
  });

  it('asks the public route for a guest', async () => {
    const server = fakeServer();
    server.on('GET', '/api/guest/custom-fields', () =>
      json(200, { items: [makeCustomField({ key: 'serial', type: 'text' })] }),
    );
    const store = useCustomFieldsStore();
    await store.ensureLoaded('guest');
    expect(store.editable.map((d) => d.key)).toEqual(['serial']);
    expect(server.sent('GET', '/api/custom-fields')).toHaveLength(0);
  });
});
