import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig, publicUrl } from '../config.js';
import { randomBytes } from 'node:crypto';
import { createDb } from '../db/connection.js';
import { findMailboxByAddress, insertMailbox } from '../db/mailboxes.js';
import { migrateToLatest } from '../db/migrator.js';
import { seedDemoData } from '../db/seeds/demo-data.js';
import { demoPassword, demoUsers } from '../db/seeds/demo-users.js';
import { startCaptureServer } from './capture-server.js';
import { startTsProcess, type ManagedProcess } from './child-process.js';
import { startDevIdentityProvider } from './dev-idp.js';
import { loadDevSecrets } from './dev-secrets.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { buildPortal } from './portal-build.js';
import { assertPortsFree, type PortClaim } from './ports.js';
import { startTemporalDevServer, stopOrphanedTemporal } from './temporal-dev-server.js';

// `npm start`: every piece of TicketFlow on one machine, on embedded defaults where the
// environment names no real service. Ctrl-C stops everything, newest first.

const root = fileURLToPath(new URL('..', import.meta.url));
const devPorts = { temporal: 7233, temporalUi: 8233, idp: 3001, capture: 3002 };
const say = (message: string) => process.stdout.write(`[start] ${message}\n`);

const stack: { name: string; stop: () => Promise<void> }[] = [];
let shuttingDown: Promise<never> | undefined;

function shutdown(code: number): Promise<never> {
  shuttingDown ??= (async () => {
    say('stopping…');
    for (const { name, stop } of stack.reverse()) {
      try {
        await stop();
      } catch (error) {
        say(`could not stop ${name} cleanly: ${(error as Error).message}`);
      }
    }
    say('stopped');
    process.exit(code);
  })();
  return shuttingDown;
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

async function waitForHealth(url: string, processes: ManagedProcess[]): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    for (const p of processes)
      if (p.child.exitCode !== null)
        throw new Error(`the ${p.name} exited during start-up (code ${p.child.exitCode}); see its output above`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within 2 minutes`);
}

async function main(): Promise<void> {
  const config = loadConfig();
  const dataDir = path.resolve(root, config.DATA_DIR);
  const temporalPidFile = path.join(dataDir, 'temporal', 'server.pid');
  if (!config.TEMPORAL_ADDRESS) await stopOrphanedTemporal(temporalPidFile);

  const claims: PortClaim[] = [{ port: config.PORT, what: 'TicketFlow server', envName: 'PORT' }];
  if (!config.TEMPORAL_ADDRESS) {
    claims.push({
      port: devPorts.temporal,
      what: 'Temporal dev server',
      envName: 'TEMPORAL_ADDRESS to use a Temporal you already run',
    });
    claims.push({
      port: devPorts.temporalUi,
      what: 'Temporal Web UI',
      envName: 'TEMPORAL_ADDRESS to use a Temporal you already run',
    });
  }
  if (!config.OIDC_ISSUER)
    claims.push({
      port: devPorts.idp,
      what: 'dev identity provider',
      envName: 'OIDC_ISSUER to use your identity provider',
    });
  if (!config.SENDGRID_API_KEY)
    claims.push({
      port: devPorts.capture,
      what: 'mail and webhook capture server',
      envName: 'SENDGRID_API_KEY to send real e-mail',
    });
  await assertPortsFree(claims);

  const secrets = await loadDevSecrets(dataDir);
  say('building the portal');
  await buildPortal();
  const appUrl = publicUrl(config);

  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    const pg = await startEmbeddedPostgres({
      dataDir: path.join(dataDir, 'postgres'),
      ownProcessGroup: true,
      onProgress: say,
    });
    stack.push({ name: 'PostgreSQL', stop: pg.stop });
    databaseUrl = pg.url;
    say(`PostgreSQL (embedded) on 127.0.0.1:${pg.port}, data in ${path.relative(root, dataDir)}/postgres`);
  }
  const db = createDb(databaseUrl, { poolMax: 2 });
  let inboundParseUrl: string | undefined;
  try {
    const applied = await migrateToLatest(db);
    if (applied.length) say(`applied ${applied.length} migration(s)`);
    const appSecretKey = Buffer.from(config.APP_SECRET_KEY ?? secrets.appSecretKey, 'base64');
    const teamsWebhook = config.SENDGRID_API_KEY
      ? undefined
      : { baseUrl: `http://127.0.0.1:${devPorts.capture}`, appSecretKey };
    if (await seedDemoData(db, teamsWebhook ? { teamsWebhook } : {})) say('loaded the demo data (first run)');
    // The demo support address takes mail through SendGrid Inbound Parse: the capture inbox's
    // Reply button posts there, so the whole mail loop works without a mail server.
    const demoAddress = /<([^>]+)>/.exec(config.MAIL_FROM)?.[1] ?? config.MAIL_FROM;
    const demoMailbox =
      (await findMailboxByAddress(db, demoAddress)) ??
      (await insertMailbox(db, {
        address: demoAddress,
        displayName: 'TicketFlow Support',
        teamId: null,
        inboundKind: 'sendgrid',
        inboundToken: randomBytes(24).toString('base64url'),
      }));
    inboundParseUrl = `${appUrl}/api/inbound/sendgrid/${demoMailbox.inboundToken}`;
  } finally {
    await db.destroy();
  }

  let temporalAddress = config.TEMPORAL_ADDRESS;
  let temporalUi: string | undefined;
  if (!temporalAddress) {
    const temporal = await startTemporalDevServer({
      port: devPorts.temporal,
      uiPort: devPorts.temporalUi,
      dbFile: path.join(dataDir, 'temporal', 'temporal.db'),
      logFile: path.join(dataDir, 'temporal', 'temporal.log'),
      pidFile: temporalPidFile,
      namespaces: [config.TEMPORAL_NAMESPACE],
      ownProcessGroup: true,
      configuredPath: config.TEMPORAL_CLI_PATH,
      searchPath: process.env.PATH,
      onProgress: say,
    });
    stack.push({ name: 'Temporal dev server', stop: temporal.stop });
    temporalAddress = temporal.address;
    temporalUi = temporal.uiUrl;
    say(`Temporal dev server on ${temporal.address} (${temporal.binary})`);
  }

  let sendgridApiUrl = config.SENDGRID_API_URL;
  let captureUrl: string | undefined;
  if (!config.SENDGRID_API_KEY) {
    const capture = await startCaptureServer({
      port: devPorts.capture,
      storeFile: path.join(dataDir, 'capture.jsonl'),
      ...(inboundParseUrl ? { inboundParseUrl } : {}),
    });
    stack.push({ name: 'capture server', stop: capture.close });
    sendgridApiUrl = capture.url;
    captureUrl = `http://localhost:${devPorts.capture}`;
  }

  let oidcIssuer = config.OIDC_ISSUER;
  const oidcClientId = config.OIDC_CLIENT_ID ?? 'ticketflow-dev';
  if (!oidcIssuer) {
    const idp = await startDevIdentityProvider({
      port: devPorts.idp,
      client: {
        clientId: oidcClientId,
        clientSecret: secrets.oidcClientSecret,
        redirectUris: [`${appUrl}/auth/callback`],
        postLogoutRedirectUris: [`${appUrl}/`],
      },
      cookieSecret: secrets.idpCookieSecret,
    });
    stack.push({ name: 'dev identity provider', stop: idp.close });
    oidcIssuer = idp.issuer;
  }

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_NAMESPACE: config.TEMPORAL_NAMESPACE,
    ...((config.TEMPORAL_UI_URL ?? temporalUi) ? { TEMPORAL_UI_URL: config.TEMPORAL_UI_URL ?? temporalUi } : {}),
    OIDC_ISSUER: oidcIssuer,
    OIDC_CLIENT_ID: oidcClientId,
    OIDC_CLIENT_SECRET: config.OIDC_CLIENT_SECRET ?? secrets.oidcClientSecret,
    SESSION_SECRET: config.SESSION_SECRET ?? secrets.sessionSecret,
    APP_SECRET_KEY: config.APP_SECRET_KEY ?? secrets.appSecretKey,
    SENDGRID_API_KEY: config.SENDGRID_API_KEY ?? secrets.sendgridApiKey,
    SENDGRID_API_URL: sendgridApiUrl,
    // Webhooks may reach nothing inside the network but the capture server (the demo Teams channels).
    OUTBOUND_ALLOW_HOSTS: [
      ...config.OUTBOUND_ALLOW_HOSTS,
      ...(captureUrl ? [`127.0.0.1:${devPorts.capture}`] : []),
    ].join(','),
    PUBLIC_URL: appUrl,
    PORT: String(config.PORT),
    DATA_DIR: dataDir,
  };
  const processes = [
    startTsProcess('worker', path.join(root, 'workflows/worker-process.ts'), env),
    startTsProcess('server', path.join(root, 'server/main.ts'), env),
  ];
  for (const p of processes) {
    stack.push({ name: p.name, stop: p.stop });
    void p.exited.then((code) => {
      if (!shuttingDown) {
        say(`the ${p.name} exited unexpectedly (code ${code}); stopping everything`);
        void shutdown(1);
      }
    });
  }
  await waitForHealth(`http://127.0.0.1:${config.PORT}/healthz`, processes);

  const lines = [
    '',
    'TicketFlow is up:',
    `  portal          ${appUrl}/`,
    `  back office     ${appUrl}/admin`,
    `  API             ${appUrl}/api`,
    `  API reference   ${appUrl}/api/openapi.json`,
    `  sign in         ${appUrl}/auth/login`,
    `  health          ${appUrl}/healthz   readiness ${appUrl}/readyz   metrics ${appUrl}/metrics`,
    temporalUi
      ? `  Temporal UI     ${temporalUi}/namespaces/${config.TEMPORAL_NAMESPACE}/workflows`
      : `  Temporal        ${temporalAddress}`,
    temporalUi
      ? `  urgent tickets  ${temporalUi}/namespaces/${config.TEMPORAL_NAMESPACE}/workflows?query=${encodeURIComponent('TicketPriority="urgent"')}`
      : '',
    captureUrl
      ? `  capture inbox   ${captureUrl}/  (e-mail and Teams messages land here; "Reply" answers by mail)`
      : '',
    inboundParseUrl ? `  support mail    ${inboundParseUrl}  (SendGrid Inbound Parse of the demo mailbox)` : '',
    !config.OIDC_ISSUER ? `  sign-in (dev)   ${oidcIssuer}/.well-known/openid-configuration` : '',
    '',
    `Demo logins (dev identity provider, password "${demoPassword}"):`,
    ...demoUsers.map((u) => `  ${u.role.padEnd(9)} ${u.email.padEnd(28)} ${u.name}`),
    '',
    'API keys: npm run tf -- apikeys:create --email admin@ticketflow.example',
    'Press Ctrl-C to stop everything.',
    '',
  ];
  process.stdout.write(`${lines.filter((l, i, all) => l !== '' || all[i - 1] !== '').join('\n')}\n`);
}

main().catch(async (error: unknown) => {
  const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
  process.stderr.write(`\n[start] cannot start TicketFlow:\n${message}\n`);
  await shutdown(1);
});
