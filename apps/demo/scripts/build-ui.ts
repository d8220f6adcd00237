import { fileURLToPath } from 'node:url';
import { build, type InlineConfig } from 'vite';

export const APP_DIR = fileURLToPath(new URL('..', import.meta.url));

/** The Vite config of the demo UI (JSX through Vite's built-in oxc; no React plugin needed). */
export function viteConfig(outDir: string): InlineConfig {
  return {
    configFile: false,
    root: APP_DIR,
    logLevel: 'warn',
    oxc: { jsx: { runtime: 'automatic' } },
    build: { outDir, emptyOutDir: true, sourcemap: false },
  };
}

/** Builds the UI into `outDir` (an absolute path). */
export async function buildUi(outDir: string): Promise<void> {
  await build(viteConfig(outDir));
}
