import { afterEach, vi } from 'vitest';
import { forgetCsrfToken } from '../api/csrf-token.js';

// Every test starts without a cached CSRF token and with the real globals back.
afterEach(() => {
  forgetCsrfToken();
  vi.unstubAllGlobals();
  vi.useRealTimers();
  document.body.innerHTML = '';
});
