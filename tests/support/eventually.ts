/**
 * Retries an assertion until it passes or `timeoutMs` runs out, then throws its last failure. The
 * default is patient: on two cores shared with the suite's process-spawning tests a workflow step
 * has taken over 15 s to show, and waiting longer costs nothing when the assertion passes.
 */
export async function eventually<T>(assertion: () => Promise<T>, timeoutMs = 60_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}
