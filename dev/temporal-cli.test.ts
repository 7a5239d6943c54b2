import { chmod, mkdir, mkdtemp, writeFile, access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { resolveTemporalCli, temporalCacheDir, TemporalCliNotFoundError } from './temporal-cli.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'temporal-cli-test-'));
});

async function script(file: string, body: string): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `#!/bin/sh\n${body}\n`);
  await chmod(file, 0o755);
  return file;
}

const nothing = () => ({
  searchPath: path.join(dir, 'empty-path'),
  cacheHome: path.join(dir, 'cache'),
  fallbackGo: path.join(dir, 'no-go'),
});

describe('resolveTemporalCli', () => {
  it('prefers TEMPORAL_CLI_PATH over everything else', async () => {
    const configured = await script(path.join(dir, 'custom', 'temporal'), 'exit 0');
    await script(path.join(dir, 'bin', 'temporal'), 'exit 0');
    const found = await resolveTemporalCli({
      ...nothing(),
      configuredPath: configured,
      searchPath: path.join(dir, 'bin'),
    });
    expect(found).toEqual({ path: configured, source: 'TEMPORAL_CLI_PATH' });
  });

  it('then looks on PATH, then in the user cache', async () => {
    const onPath = await script(path.join(dir, 'bin', 'temporal'), 'exit 0');
    expect(
      await resolveTemporalCli({
        ...nothing(),
        searchPath: `${path.join(dir, 'nothing-here')}:${path.join(dir, 'bin')}`,
      }),
    ).toEqual({ path: onPath, source: 'PATH' });

    const cached = await script(path.join(temporalCacheDir('1.5.1', path.join(dir, 'cache')), 'temporal'), 'exit 0');
    expect(await resolveTemporalCli(nothing())).toEqual({ path: cached, source: 'cache' });
  });

  it('builds with go install into the cache, reporting progress', async () => {
    // A stand-in `go` that "installs" by writing the binary into GOBIN, as the real one does.
    await script(
      path.join(dir, 'gobin', 'go'),
      'echo "go: downloading github.com/temporalio/cli v1.5.1" >&2\nprintf "#!/bin/sh\\n" > "$GOBIN/temporal"\nchmod +x "$GOBIN/temporal"',
    );
    const progress: string[] = [];
    const found = await resolveTemporalCli({
      ...nothing(),
      searchPath: path.join(dir, 'gobin'),
      onProgress: (m) => progress.push(m),
    });
    expect(found).toEqual({
      path: path.join(temporalCacheDir('1.5.1', path.join(dir, 'cache')), 'temporal'),
      source: 'go install',
    });
    await access(found.path);
    expect(progress[0]).toMatch(/building the Temporal CLI v1\.5\.1 with Go/);
    expect(progress.at(-1)).toMatch(/built temporal v1\.5\.1 in \d+s/);
  });

  it('falls back to older versions when a build fails, and lists every attempt when all fail', async () => {
    await script(
      path.join(dir, 'gobin', 'go'),
      'echo "go: github.com/temporalio/cli@$2: has replace directives" >&2\nexit 1',
    );
    const error = await resolveTemporalCli({ ...nothing(), searchPath: path.join(dir, 'gobin') }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TemporalCliNotFoundError);
    const message = (error as Error).message;
    expect(message).toContain('TEMPORAL_CLI_PATH: not set');
    expect(message).toContain('`temporal` on PATH: not found');
    expect(message).toMatch(/user cache .*: empty/);
    for (const version of ['1.5.1', '1.5.0', '1.4.1'])
      expect(message).toContain(
        `go install github.com/temporalio/cli/cmd/temporal@v${version}: go install exited with 1`,
      );
    expect(message).toContain('set TEMPORAL_ADDRESS to a running Temporal');
  });

  it('says so when TEMPORAL_CLI_PATH is wrong and Go is missing', async () => {
    const error = await resolveTemporalCli({ ...nothing(), configuredPath: path.join(dir, 'missing') }).catch(
      (e: unknown) => e,
    );
    expect((error as TemporalCliNotFoundError).tried).toEqual([
      `TEMPORAL_CLI_PATH=${path.join(dir, 'missing')}: no such file`,
      '`temporal` on PATH: not found',
      `user cache ${path.join(dir, 'cache', 'ticketflow')}/temporal-{1.5.1,1.5.0,1.4.1}: empty`,
      `go install: \`go\` not found on PATH or at ${path.join(dir, 'no-go')}`,
    ]);
  });
});
