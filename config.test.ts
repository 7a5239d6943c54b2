import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, publicUrl, requireSettings } from './config.js';

describe('loadConfig', () => {
  it('applies defaults and freezes the result', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3000, TEMPORAL_NAMESPACE: 'default', DATA_DIR: '.data', LOG_LEVEL: 'info' });
    expect(Object.isFrozen(config)).toBe(true);
    expect(publicUrl(config)).toBe('http://localhost:3000');
  });

  it('bounds the worker cache by WORKER_MAX_CACHED_WORKFLOWS, with a measured default', () => {
    expect(loadConfig({}).WORKER_MAX_CACHED_WORKFLOWS).toBe(1000);
    expect(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '500' }).WORKER_MAX_CACHED_WORKFLOWS).toBe(500);
    expect(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '1' })).toThrow(
      /WORKER_MAX_CACHED_WORKFLOWS must be a whole number of at least 2/,
    );
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).DATABASE_URL).toBeUndefined();
  });

  it('names every invalid variable and says how to fix it', () => {
    const attempt = () =>
      loadConfig({
        DATABASE_URL: 'mysql://x',
        PORT: '70000',
        APP_SECRET_KEY: 'short',
        TEMPORAL_ADDRESS: 'http://localhost:7233',
        LOG_LEVEL: 'loud',
      });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/DATABASE_URL must be a postgres:\/\/ URL/);
    expect(attempt).toThrow(/PORT/);
    expect(attempt).toThrow(/APP_SECRET_KEY must be 32 bytes of base64; generate one with `openssl rand -base64 32`/);
    expect(attempt).toThrow(/TEMPORAL_ADDRESS must be host:port/);
    expect(attempt).toThrow(/LOG_LEVEL must be one of/);
  });

  it('bounds every Temporal call of a request by TEMPORAL_REQUEST_TIMEOUT_MS, 2 s unless set', () => {
    expect(loadConfig({}).TEMPORAL_REQUEST_TIMEOUT_MS).toBe(2000);
    expect(loadConfig({ TEMPORAL_REQUEST_TIMEOUT_MS: '750' }).TEMPORAL_REQUEST_TIMEOUT_MS).toBe(750);
    expect(() => loadConfig({ TEMPORAL_REQUEST_TIMEOUT_MS: '20' })).toThrow(
      /TEMPORAL_REQUEST_TIMEOUT_MS must be at least 100 ms/,
    );
    expect(() => loadConfig({ TEMPORAL_REQUEST_TIMEOUT_MS: 'soon' })).toThrow(/TEMPORAL_REQUEST_TIMEOUT_MS/);
  });

  it('accepts a valid production environment', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://tf:pw@db:5432/ticketflow',
      TEMPORAL_ADDRESS: 'temporal:7233',
      APP_SECRET_KEY: Buffer.alloc(32, 7).toString('base64'),
      SESSION_SECRET: 'x'.repeat(48),
      PUBLIC_URL: 'https://help.example.com/',
      PORT: '8080',
    });
    expect(config.PORT).toBe(8080);
    expect(publicUrl(config)).toBe('https://help.example.com');
  });
});

describe('requireSettings', () => {
  it('lists every missing variable with how to set it', () => {
    const attempt = () => requireSettings(loadConfig({}), ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'SESSION_SECRET']);
    expect(attempt).toThrow(/DATABASE_URL is required: set it to your PostgreSQL/);
    expect(attempt).toThrow(/TEMPORAL_ADDRESS is required/);
    expect(attempt).toThrow(/SESSION_SECRET is required: generate one with `openssl rand -base64 48`/);
  });

  it('passes when everything is present', () => {
    const config = requireSettings(loadConfig({ DATABASE_URL: 'postgres://a@b/c' }), ['DATABASE_URL']);
    expect(config.DATABASE_URL).toBe('postgres://a@b/c');
  });
});

describe('sign-in settings', () => {
  it('maps each staff role to itself and trusts only loopback proxies by default', () => {
    const config = loadConfig({});
    expect(config.OIDC_ROLES_CLAIM).toBe('roles');
    expect(config.OIDC_ROLE_MAP).toEqual({ admin: 'admin', manager: 'manager', agent: 'agent' });
    expect(config.TRUST_PROXY).toEqual(['loopback']);
  });

  it('reads a role map of claim values, Entra group ids included', () => {
    const config = loadConfig({
      OIDC_ROLES_CLAIM: 'groups',
      OIDC_ROLE_MAP: 'TicketFlow.Agent=agent, TicketFlow.Manager=manager,6f1c2a9e-0b7d-4c1e-9a51-2d3e4f5a6b7c=admin',
    });
    expect(config.OIDC_ROLES_CLAIM).toBe('groups');
    expect(config.OIDC_ROLE_MAP).toEqual({
      'TicketFlow.Agent': 'agent',
      'TicketFlow.Manager': 'manager',
      '6f1c2a9e-0b7d-4c1e-9a51-2d3e4f5a6b7c': 'admin',
    });
  });

  it('names a bad role map or proxy setting and shows the expected form', () => {
    expect(() => loadConfig({ OIDC_ROLE_MAP: 'TicketFlow.Agent=wizard' })).toThrow(
      /OIDC_ROLE_MAP has "TicketFlow.Agent=wizard"; write claim-value=role pairs/,
    );
    expect(() => loadConfig({ OIDC_ROLE_MAP: 'agent' })).toThrow(/OIDC_ROLE_MAP has "agent"/);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(
      /TRUST_PROXY must be a hop count .* not understood: true/,
    );
    expect(() => loadConfig({ OIDC_ISSUER: 'http://login.example.com/tenant' })).toThrow(
      /OIDC_ISSUER must be an https URL \(plain http is allowed only for localhost\)/,
    );
    expect(loadConfig({ OIDC_ISSUER: 'http://127.0.0.1:3001' }).OIDC_ISSUER).toBe('http://127.0.0.1:3001');
    expect(loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, loopback' }).TRUST_PROXY).toEqual(['10.0.0.0/8', 'loopback']);
  });

  it('reads the outbound allow-list as host:port entries, none by default', () => {
    expect(loadConfig({}).OUTBOUND_ALLOW_HOSTS).toEqual([]);
    expect(
      loadConfig({ OUTBOUND_ALLOW_HOSTS: '127.0.0.1:3002, Hooks.Internal.example:8443,[::1]:80' }).OUTBOUND_ALLOW_HOSTS,
    ).toEqual(['127.0.0.1:3002', 'hooks.internal.example:8443', '[::1]:80']);
    for (const bad of ['127.0.0.1', 'http://127.0.0.1:3002', '127.0.0.1:3002/path', 'user@host:1'])
      expect(() => loadConfig({ OUTBOUND_ALLOW_HOSTS: bad }), bad).toThrow(
        /OUTBOUND_ALLOW_HOSTS must be host:port entries/,
      );
  });
});
