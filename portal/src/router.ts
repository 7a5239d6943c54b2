import { createRouter, createWebHistory } from 'vue-router';

/** The portal's routes; each view is its own chunk. */
export const router = createRouter({
  history: createWebHistory(),
  routes: [{ path: '/', name: 'home', component: () => import('./views/HomeView.vue') }],
});
