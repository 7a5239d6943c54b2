import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [vue()],
  // The manifest tells portal/scripts/report-size.ts which chunks each route loads.
  build: { outDir: 'dist', emptyOutDir: true, manifest: true },
  // The dev server stands in for the server's origin: socket.io accepts session sockets only from
  // pages of PUBLIC_URL's origin, so the proxied socket says it comes from there.
  server: {
    proxy: {
      '/api': 'http://localhost:3000',
      '/auth': 'http://localhost:3000',
      '/ws': { target: 'ws://localhost:3000', ws: true, headers: { origin: 'http://localhost:3000' } },
    },
  },
});
