import { createPinia, setActivePinia } from 'pinia';
import { beforeEach } from 'vitest';
import { sockets } from './fake-socket.js';

/** Registers the store tests' set-up: each test starts with a fresh Pinia and no socket left from the one before. */
export function useFreshStores(): void {
  beforeEach(() => {
    setActivePinia(createPinia());
    sockets.length = 0;
  });
}
