import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/** A TicketFlow process (server, worker) started by `npm start`. */
export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

const levelNames: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};

// Pino writes JSON lines; in a terminal a short `[name] level message` reads better.
function formatLine(name: string, line: string): string {
  try {
    const entry = JSON.parse(line) as {
      level?: number;
      msg?: string;
      err?: { message?: string };
      req?: { method?: string; url?: string };
      res?: { statusCode?: number };
      responseTime?: number;
    };
    const level = levelNames[entry.level ?? 30] ?? 'info';
    const request =
      entry.req && entry.res
        ? ` ${entry.req.method} ${entry.req.url} → ${entry.res.statusCode} (${entry.responseTime} ms)`
        : '';
    const error = entry.err?.message ? `: ${entry.err.message}` : '';
    return `[${name}] ${level === 'info' ? '' : `${level} `}${entry.msg ?? ''}${request}${error}`;
  } catch {
    return `[${name}] ${line}`;
  }
}

/** Runs a TypeScript entry point under tsx with the given environment, prefixing its output. */
export function startTsProcess(name: string, entry: string, env: NodeJS.ProcessEnv): ManagedProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => process.stdout.write(`${formatLine(name, line)}\n`));
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stopping: Promise<void> | undefined;
  return {
    name,
    child,
    exited,
    stop() {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}
