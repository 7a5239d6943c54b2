import { nextTick } from 'vue';
import {
  createRouter,
  START_LOCATION,
  type RouteLocationNormalized,
  type Router,
  type RouterHistory,
  type RouteRecordRaw,
} from 'vue-router';
import { useSessionStore } from './stores/session-store.js';

declare module 'vue-router' {
  interface RouteMeta {
    /** The page title (views with a dynamic title refine it). */
    title: string;
    /** Anonymous visitors are sent to the sign-in flow, coming back here afterwards. */
    requiresAuth?: boolean;
  }
}

/** The portal's routes; each view is its own chunk. */
export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: () => import('./views/HomeView.vue'), meta: { title: 'Support' } },
  {
    path: '/tickets',
    name: 'tickets',
    component: () => import('./views/TicketListView.vue'),
    meta: { title: 'My tickets', requiresAuth: true },
  },
  {
    path: '/tickets/new',
    name: 'new-ticket',
    component: () => import('./views/NewTicketView.vue'),
    meta: { title: 'Raise a ticket', requiresAuth: true },
  },
  {
    path: '/tickets/:id(\\d+)',
    name: 'ticket',
    component: () => import('./views/TicketView.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { title: 'Ticket', requiresAuth: true },
  },
  {
    path: '/guest/new',
    name: 'guest-new',
    component: () => import('./views/GuestNewTicketView.vue'),
    meta: { title: 'Submit a request' },
  },
  {
    path: '/guest/t/:token',
    name: 'guest-ticket',
    component: () => import('./views/GuestTicketView.vue'),
    props: true,
    meta: { title: 'Your request' },
  },
  // The help centre: public, each page its own chunk, so the ticket pages never load it.
  {
    path: '/help',
    name: 'help',
    component: () => import('./views/HelpCentreView.vue'),
    meta: { title: 'Help centre' },
  },
  {
    path: '/help/search',
    name: 'help-search',
    component: () => import('./views/HelpSearchView.vue'),
    props: (route) => ({ q: typeof route.query.q === 'string' ? route.query.q : '' }),
    meta: { title: 'Search the help centre' },
  },
  {
    path: '/help/categories/:slug',
    name: 'help-category',
    component: () => import('./views/HelpCategoryView.vue'),
    props: true,
    meta: { title: 'Help centre' },
  },
  {
    path: '/help/articles/:slug',
    name: 'help-article',
    component: () => import('./views/HelpArticleView.vue'),
    props: true,
    meta: { title: 'Help centre' },
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('./views/NotFoundView.vue'),
    meta: { title: 'Page not found' },
  },
];

async function requireSignIn(to: RouteLocationNormalized) {
  const session = useSessionStore();
  const me = await session.ensureLoaded();
  if (to.name === 'home' && me) return { name: 'tickets' };
  if (!to.meta.requiresAuth || me) return true;
  // When /api/me itself failed we cannot tell; the landing page shows the error instead of looping through sign-in.
  if (session.state === 'error') return { name: 'home' };
  session.signIn(to.fullPath);
  return false;
}

async function focusHeading(to: RouteLocationNormalized, from: RouteLocationNormalized) {
  document.title = `${to.meta.title} · TicketFlow support`;
  // Not on the first page load (the browser starts at the top anyway), nor when only the query changed (filters).
  if (from === START_LOCATION || to.path === from.path) return;
  await nextTick();
  // Screen-reader and keyboard users start reading the new page at its heading.
  document.querySelector<HTMLElement>('main h1')?.focus();
}

/** The router with its sign-in guard and focus management. */
export function createPortalRouter(history: RouterHistory): Router {
  const router = createRouter({ history, routes, scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 } });
  router.beforeEach(requireSignIn);
  router.afterEach((to, from, failure) => {
    if (!failure) void focusHeading(to, from);
  });
  return router;
}
