import { afterAll, beforeAll } from 'vitest';
import { createIsolatedDatabase } from './isolated-database.js';
import { startTestStack, type TestStack, type TestStackOptions } from './test-stack.js';

/** A stack's options, and whether it gets a database of its own (for files whose worker acts on every row). */
export type UseTestStackOptions = TestStackOptions & { isolatedDatabase?: boolean };

/**
 * The test file's stack: started before its tests (beforeAll, registered where this is called, so
 * before the file's own hooks) and closed after them, with its isolated database dropped. The
 * returned object reads the running stack; touching it outside a test or hook is a mistake and says
 * so. Options may be a function, read when the stack starts.
 */
export function useTestStack(options: UseTestStackOptions | (() => UseTestStackOptions) = {}): TestStack {
  let current: TestStack | undefined;
  let dropDatabase: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const { isolatedDatabase, ...stackOptions } = typeof options === 'function' ? options() : options;
    if (isolatedDatabase) {
      const isolated = await createIsolatedDatabase();
      dropDatabase = isolated.drop;
      stackOptions.databaseUrl = isolated.url;
    }
    current = await startTestStack(stackOptions);
  });
  afterAll(async () => {
    await current?.close();
    await dropDatabase?.();
  });
  return new Proxy({} as TestStack, {
    get(_target, property) {
      if (!current) throw new Error('The test stack starts in beforeAll: use it inside tests and hooks.');
      return Reflect.get(current, property, current) as unknown;
    },
  });
}
