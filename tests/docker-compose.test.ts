import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig, requiredSettings, requireSettings } from '../config.js';
import { searchAttributeCliArgs } from '../workflows/search-attributes.js';
import { runCommand } from './support/run-command.js';

// No container engine runs here: Debian's docker-compose (v1) validates and renders the file
// without one, which is what these tests use. .ci/run installs it.
const productionEnv = {
  POSTGRES_PASSWORD: 'pg-secret',
  PUBLIC_URL: 'https://help.example.com',
  SESSION_SECRET: randomBytes(48).toString('base64'),
  APP_SECRET_KEY: randomBytes(32).toString('base64'),
  OIDC_ISSUER: 'https://login.microsoftonline.com/tenant/v2.0',
  OIDC_CLIENT_ID: 'ticketflow',
  OIDC_CLIENT_SECRET: 'client-secret',
  SENDGRID_API_KEY: 'SG.key',
};

async function composeConfig(env: Record<string, string>) {
  const result = await runCommand('docker-compose', ['-f', 'docker-compose.yml', 'config'], {
    env: { ...env, COMPOSE_PROJECT_NAME: 'ticketflow' },
  }).catch((error: Error) => {
    throw new Error(`docker-compose is needed for this test (apt-get install docker-compose): ${error.message}`);
  });
  return result;
}

interface Service {
  stop_grace_period?: string;
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
}

describe('docker-compose.yml', () => {
  it('parses, and gives server, worker and migrations every variable their config requires', async () => {
    const { code, stdout, stderr } = await composeConfig(productionEnv);
    expect(stderr).not.toMatch(/ERROR/);
    expect(code).toBe(0);
    const services = (parse(stdout) as { services: Record<string, Service> }).services;

    for (const [service, role] of [
      ['server', 'server'],
      ['worker', 'worker'],
      ['migrate', 'migrate'],
    ] as const) {
      const env = services[service]?.environment ?? {};
      const config = loadConfig(env);
      expect(() => requireSettings(config, requiredSettings[role]), service).not.toThrow();
      expect(config.DATABASE_URL).toBe('postgres://ticketflow:pg-secret@postgres:5432/ticketflow');
      expect(config.TEMPORAL_ADDRESS).toBe('temporal:7233');
    }
    // Compiled JavaScript, as the Dockerfile builds it (tests/docker-image.test.ts runs exactly that).
    expect(services.server?.command).toEqual(['node', 'dist/server/main.js']);
    expect(services.worker?.command).toEqual(['node', 'dist/workflows/worker-process.js']);
    expect(services.migrate?.command).toEqual(['node', 'dist/cli/tf.js', 'migrate']);
    // SIGTERM gets time to drain: in-flight requests and activities finish before the kill.
    expect(services.server).toMatchObject({ stop_grace_period: '30s' });
    expect(services.worker).toMatchObject({ stop_grace_period: '30s' });
    expect(services.server?.image).toBe(services.worker?.image);
    expect(services.migrate?.build).toBeDefined();
  });

  it('runs Temporal on PostgreSQL the current way: admin-tools creates the schemas, then temporalio/server', async () => {
    const services = (parse((await composeConfig(productionEnv)).stdout) as { services: Record<string, Service> })
      .services;
    expect(Object.values(services).map((s) => s.image ?? '')).not.toContainEqual(expect.stringContaining('auto-setup'));
    expect(services['temporal-schema']?.image).toMatch(/^temporalio\/admin-tools:/);
    expect(services['temporal-schema']?.command?.join('\n')).toContain('temporal-sql-tool --plugin postgres12');
    expect(services.temporal?.image).toMatch(/^temporalio\/server:/);
    expect(services.temporal?.depends_on?.['temporal-schema']?.condition).toBe('service_completed_successfully');
    expect(services['temporal-ui']?.image).toMatch(/^temporalio\/ui:/);
    expect(services.server?.depends_on?.migrate?.condition).toBe('service_completed_successfully');

    // The search attributes registered in production are exactly the ones the code sets.
    const wanted = searchAttributeCliArgs().filter((arg) => arg !== '--search-attribute');
    const setup = services['temporal-setup']?.command?.join('\n') ?? '';
    const registered = /for attribute in ([^;]+);/.exec(setup)?.[1]?.trim().split(/\s+/);
    expect(registered?.sort()).toEqual(wanted.sort());
  });

  it('refuses to start while a required secret is missing, naming it', async () => {
    const { APP_SECRET_KEY: _omitted, ...incomplete } = productionEnv;
    const { code, stderr } = await composeConfig(incomplete);
    expect(code).not.toBe(0);
    expect(stderr).toContain('set APP_SECRET_KEY');
  });
});
