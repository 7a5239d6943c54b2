import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import App from '../App.vue';
import { createPortalRouter } from '../router.js';

/** Lets lazy route chunks, fetches and re-renders finish. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await vi.dynamicImportSettled();
    await flushPromises();
  }
}

/** Mounts the whole portal (App, router with its guard, Pinia) at `path`, attached to the document. */
export async function mountPortal(path: string) {
  const pinia = createPinia();
  setActivePinia(pinia);
  const router = createPortalRouter(createMemoryHistory());
  const wrapper = mount(App, { global: { plugins: [pinia, router] }, attachTo: document.body });
  await router.push(path);
  await settle();
  return { wrapper, router, pinia };
}
