import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';

/** CLI versions we know `go install` accepts, newest first (later ones carry `replace` directives). */
export const temporalCliVersions = ['1.5.1', '1.5.0', '1.4.1'] as const;

/** Where a Temporal CLI binary was found. */
export interface ResolvedTemporalCli {
  path: string;
  source: 'TEMPORAL_CLI_PATH' | 'PATH' | 'cache' | 'go install';
}

/** What the resolver reads from the environment and how it reports progress. */
export interface ResolveTemporalCliOptions {
  configuredPath?: string | undefined;
  /** The PATH to search; the orchestrator passes its own. */
  searchPath?: string | undefined;
  cacheHome?: string | undefined;
  /** When false, stop before building with Go (e.g. when a caller only wants to know). */
  allowBuild?: boolean;
  /** Where Go lives when it is not on PATH (the official tarball's location by default). */
  fallbackGo?: string;
  onProgress?: (message: string) => void;
}

/** Raised when no binary could be found or built; lists every place tried. */
export class TemporalCliNotFoundError extends Error {
  override name = 'TemporalCliNotFoundError';
  constructor(readonly tried: string[]) {
    super(
      `No Temporal CLI could be found or built. Tried:\n${tried.map((t) => `  - ${t}`).join('\n')}\n` +
        'Fix one of them: install the temporal CLI (https://docs.temporal.io/cli) and put it on PATH, ' +
        'set TEMPORAL_CLI_PATH to its binary, install Go 1.25+ so it can be built, or set TEMPORAL_ADDRESS to a running Temporal.',
    );
  }
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findOnPath(name: string, searchPath: string | undefined): string | undefined {
  for (const dir of (searchPath ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** The per-user cache directory shared by every clone, e.g. ~/.cache/ticketflow/temporal-1.5.1. */
export function temporalCacheDir(version: string, cacheHome?: string): string {
  return path.join(cacheHome ?? path.join(homedir(), '.cache'), 'ticketflow', `temporal-${version}`);
}

function goBinary(searchPath: string | undefined, fallbackGo: string): string | undefined {
  return findOnPath('go', searchPath) ?? (isExecutable(fallbackGo) ? fallbackGo : undefined);
}

function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

// Builds into a temporary directory and renames, so a half-written binary is never picked up.
async function goInstall(
  go: string,
  version: string,
  cacheHome: string | undefined,
  onProgress: (m: string) => void,
): Promise<string> {
  const target = temporalCacheDir(version, cacheHome);
  await mkdir(path.dirname(target), { recursive: true });
  const staging = await mkdtemp(`${target}.building-`);
  const started = Date.now();
  let downloads = 0;
  onProgress(`building the Temporal CLI v${version} with Go (takes a few minutes on first run; cached in ${target})`);
  const ticker = setInterval(
    () =>
      onProgress(
        `  still building temporal v${version}: ${formatDuration(Date.now() - started)}, ${downloads} modules downloaded`,
      ),
    15_000,
  );
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(go, ['install', `github.com/temporalio/cli/cmd/temporal@v${version}`], {
        env: { ...process.env, GOBIN: staging, GOFLAGS: '-mod=mod', CGO_ENABLED: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      const onData = (chunk: Buffer) => {
        const text = chunk.toString();
        output += text;
        downloads += (text.match(/go: downloading /g) ?? []).length;
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.on('error', reject);
      child.on('close', (code) =>
        code === 0
          ? resolve()
          : reject(new Error(`go install exited with ${code}: ${output.trim().split('\n').slice(-5).join(' | ')}`)),
      );
    });
    await rm(target, { recursive: true, force: true });
    await rename(staging, target);
    onProgress(`built temporal v${version} in ${formatDuration(Date.now() - started)}`);
    return path.join(target, 'temporal');
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  } finally {
    clearInterval(ticker);
  }
}

/**
 * Finds the Temporal CLI: TEMPORAL_CLI_PATH → `temporal` on PATH → the user cache → a Go build
 * into that cache. Throws TemporalCliNotFoundError listing every attempt when none works; the
 * caller may then fall back to the Temporal SDK's own download.
 */
export async function resolveTemporalCli(options: ResolveTemporalCliOptions = {}): Promise<ResolvedTemporalCli> {
  const {
    configuredPath,
    searchPath,
    cacheHome,
    allowBuild = true,
    fallbackGo = '/usr/local/go/bin/go',
    onProgress = () => undefined,
  } = options;
  const tried: string[] = [];

  if (configuredPath) {
    if (isExecutable(configuredPath)) return { path: configuredPath, source: 'TEMPORAL_CLI_PATH' };
    tried.push(
      `TEMPORAL_CLI_PATH=${configuredPath}: ${existsSync(configuredPath) ? 'not executable' : 'no such file'}`,
    );
  } else tried.push('TEMPORAL_CLI_PATH: not set');

  const onPath = findOnPath('temporal', searchPath);
  if (onPath) return { path: onPath, source: 'PATH' };
  tried.push('`temporal` on PATH: not found');

  for (const version of temporalCliVersions) {
    const cached = path.join(temporalCacheDir(version, cacheHome), 'temporal');
    if (isExecutable(cached)) return { path: cached, source: 'cache' };
  }
  tried.push(
    `user cache ${path.dirname(temporalCacheDir(temporalCliVersions[0], cacheHome))}/temporal-{${temporalCliVersions.join(',')}}: empty`,
  );

  const go = goBinary(searchPath, fallbackGo);
  if (!go) tried.push(`go install: \`go\` not found on PATH or at ${fallbackGo}`);
  else if (!allowBuild) tried.push('go install: not attempted');
  else {
    for (const version of temporalCliVersions) {
      try {
        return { path: await goInstall(go, version, cacheHome, onProgress), source: 'go install' };
      } catch (error) {
        tried.push(`go install github.com/temporalio/cli/cmd/temporal@v${version}: ${(error as Error).message}`);
        onProgress(`building temporal v${version} failed; trying the next version`);
      }
    }
  }
  throw new TemporalCliNotFoundError(tried);
}
