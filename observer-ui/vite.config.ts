// the dashboard build; in dev (vite observer-ui) the api is proxied to a lab on OLA_URL.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const lab = process.env.OLA_URL ?? 'http://127.0.0.1:8000';
const api = ['/proposals', '/artifacts', '/niches', '/events', '/sense', '/ola', '/bench', '/capabilities', '/registry', '/framebuffer', '/healthz', '/metrics', '/stages', '/promotion', '/docs'];

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: { proxy: Object.fromEntries(api.map((p) => [p, { target: lab, ws: p === '/framebuffer' }])) },
});
