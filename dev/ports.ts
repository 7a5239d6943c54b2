import net from 'node:net';

/** Asks the kernel for a free TCP port on the loopback interface. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** True when nothing listens on `port` (checked on all interfaces, as our servers bind). */
export async function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, () => server.close(() => resolve(true)));
  });
}

/** A port that `npm start` needs and what it is for. */
export interface PortClaim {
  port: number;
  what: string;
  envName: string;
}

/** Fails with one message naming every wanted port that is already taken and how to move it. */
export async function assertPortsFree(claims: readonly PortClaim[]): Promise<void> {
  const taken: PortClaim[] = [];
  for (const claim of claims) if (!(await isPortFree(claim.port))) taken.push(claim);
  if (taken.length === 0) return;
  const lines = taken.map(
    (c) =>
      `  port ${c.port} (${c.what}) is already in use: stop the program using it (\`ss -ltnp 'sport = :${c.port}'\` shows it) or set ${c.envName}`,
  );
  throw new Error(`Cannot start: ports already taken.\n${lines.join('\n')}`);
}
