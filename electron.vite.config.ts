import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { UserConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// The renderer's Vite settings, also used by the dev/test bridge (src/main/core/dev-bridge)
// so that `npm start` in a browser and the desktop app build the same page.
export const rendererConfig = {
  root: here('./src/renderer'),
  base: './',
  plugins: [react()],
  resolve: { alias: { '@shared': here('./src/shared') } },
  build: { outDir: here('./out/renderer'), emptyOutDir: true, sourcemap: false },
} satisfies UserConfig;

export default defineConfig({
  // Main: Node dependencies stay external (loaded from node_modules in the asar), so native
  // modules such as better-sqlite3 are never bundled.
  main: {
    build: { externalizeDeps: true, outDir: here('./out/main') },
    resolve: { alias: { '@shared': here('./src/shared') } },
  },
  // Preload: runs sandboxed, where require() only knows 'electron' and a few built-ins, so
  // it is one self-contained CommonJS file with trpc-electron bundled in.
  preload: {
    build: {
      externalizeDeps: false,
      outDir: here('./out/preload'),
      rollupOptions: { output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true } },
    },
  },
  renderer: rendererConfig,
});
