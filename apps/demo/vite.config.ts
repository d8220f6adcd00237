import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { viteConfig } from './scripts/build-ui.ts';

// `npm run build -w @tessera/demo` (scripts/start.ts builds programmatically with the same config).
export default defineConfig(viteConfig(fileURLToPath(new URL('./dist', import.meta.url))));
