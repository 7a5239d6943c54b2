import { describe, expect, it } from 'vitest';
import { mayUse, resourceAccess } from './permissions.js';

describe('the back office permission table', () => {
  it('lets agents work tickets but not configuration, managers configure but not administer, admins do everything allowed', () => {
    expect(mayUse('agent', 'tickets', 'assign')).toBe(true);
    expect(mayUse('agent', 'tickets', 'edit')).toBe(true);
    expect(mayUse('agent', 'sla_policies', 'list')).toBe(false);
    expect(mayUse('manager', 'sla_policies', 'edit')).toBe(true);
    expect(mayUse('manager', 'escalation_rules', 'new')).toBe(true);
    expect(mayUse('manager', 'users', 'edit')).toBe(false);
    expect(mayUse('manager', 'api_keys', 'createKey')).toBe(false);
    expect(mayUse('admin', 'users', 'edit')).toBe(true);
    expect(mayUse('admin', 'api_keys', 'createKey')).toBe(true);
    expect(mayUse('admin', 'notification_channels', 'new')).toBe(true);
  });

  it('lets managers define custom fields, tags and the tag setting; agents only read them; fields are never deleted', () => {
    for (const resource of ['custom_fields', 'tags']) {
      expect(mayUse('agent', resource, 'list'), resource).toBe(true);
      expect(mayUse('agent', resource, 'new'), resource).toBe(false);
      expect(mayUse('agent', resource, 'edit'), resource).toBe(false);
      expect(mayUse('manager', resource, 'new'), resource).toBe(true);
      expect(mayUse('manager', resource, 'edit'), resource).toBe(true);
    }
    expect(mayUse('admin', 'custom_fields', 'delete')).toBe(false);
    expect(mayUse('agent', 'ticket_settings', 'edit')).toBe(false);
    expect(mayUse('manager', 'ticket_settings', 'edit')).toBe(true);
    expect(mayUse('admin', 'ticket_settings', 'new')).toBe(false);
  });

  it('keeps audit trails and delivery logs read-only for everyone, and refuses customers and unknown actions', () => {
    for (const resource of ['ticket_events', 'notifications', 'config_changes']) {
      for (const action of ['new', 'edit', 'delete', 'bulkDelete'])
        expect(mayUse('admin', resource, action), `${resource} ${action}`).toBe(false);
      expect(mayUse('admin', resource, 'list')).toBe(true);
    }
    expect(mayUse('admin', 'tickets', 'delete')).toBe(false);
    expect(mayUse('customer', 'tickets', 'list')).toBe(false);
    expect(mayUse('admin', 'tickets', 'somethingNew')).toBe(false);
    expect(mayUse('admin', 'sessions', 'list')).toBe(false);
    expect(Object.keys(resourceAccess)).not.toContain('sessions');
  });

  it('refuses names that only exist on Object.prototype', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(mayUse('admin', name, 'list'), name).toBe(false);
      expect(mayUse('admin', 'tickets', name), name).toBe(false);
    }
  });
});
