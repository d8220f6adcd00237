import { fileURLToPath } from 'node:url';
import { build, type InlineConfig } from 'vite';

export const APP_DIR = fileURLToPath(new URL('..', import.meta.url));
const REACT_MODULES = /[\\/]node_modules[\\/](?:react|react-dom|scheduler)[\\/]/;

/** The Vite config of the demo UI (JSX through Vite's built-in oxc; no React plugin needed). */
export function viteConfig(outDir: string): InlineConfig {
  return {
    configFile: false,
    root: APP_DIR,
    logLevel: 'warn',
    oxc: { jsx: { runtime: 'automatic' } },
    build: {
      outDir,
      emptyOutDir: true,
      sourcemap: false,
      // React in its own chunk: it changes less often than the app (longer cache life), and
      // neither chunk passes Vite's 500 kB warning, not even with the development build of
      // React that a build under Vitest (NODE_ENV=test) bundles.
      rolldownOptions: {
        output: { codeSplitting: { groups: [{ name: 'react', test: REACT_MODULES }] } },
      },
    },
  };
}

/** Builds the UI into `outDir` (an absolute path). */
export async function buildUi(outDir: string): Promise<void> {
  await build(viteConfig(outDir));
}
