import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Me } from '../../../domain/ticket.js';
import { describeError } from '../api/api-error.js';
import { leaveTo } from '../api/browser-location.js';
import { getMe, logout, signInUrl } from '../api/session-api.js';

/** Who is signed in: loaded once from `GET /api/me`; sign-in and sign-out go through the server's OIDC routes. */
export const useSessionStore = defineStore('session', () => {
  const me = ref<Me | null>(null);
  const state = ref<'unknown' | 'ready' | 'error'>('unknown');
  const error = ref<string | null>(null);
  const isSignedIn = computed(() => me.value !== null);
  let loading: Promise<Me | null> | null = null;

  /** Loads the caller once (concurrent callers share the request); null when signed out or unknown. */
  function ensureLoaded(): Promise<Me | null> {
    if (state.value === 'ready') return Promise.resolve(me.value);
    loading ??= getMe()
      .then((value) => {
        me.value = value;
        state.value = 'ready';
        error.value = null;
        return value;
      })
      .catch((e: unknown) => {
        state.value = 'error';
        error.value = `We could not check whether you are signed in. ${describeError(e)}`;
        return null;
      })
      .finally(() => {
        loading = null;
      });
    return loading;
  }

  /** Starts the OIDC sign-in, coming back to `returnTo` (a portal path). */
  function signIn(returnTo: string): void {
    leaveTo(signInUrl(returnTo));
  }

  /** Ends the session and starts afresh on the landing page. */
  async function signOut(): Promise<void> {
    try {
      await logout();
    } catch (e) {
      error.value = `Signing out failed. ${describeError(e)}`;
      return;
    }
    me.value = null;
    leaveTo('/');
  }

  return { me, state, error, isSignedIn, ensureLoaded, signIn, signOut };
});
