import { onScopeDispose } from 'vue';

/** Wraps `fn` so it runs once calls pause for `ms`; `flush` runs a pending call now; cancelled with its scope. */
export function useDebounced<A extends unknown[]>(fn: (...args: A) => void, ms: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: A | null = null;
  function cancel() {
    clearTimeout(timer);
    pending = null;
  }
  function run(...args: A) {
    clearTimeout(timer);
    pending = args;
    timer = setTimeout(flush, ms);
  }
  function flush() {
    clearTimeout(timer);
    const args = pending;
    pending = null;
    if (args) fn(...args);
  }
  onScopeDispose(cancel);
  return { run, flush, cancel };
}
