// Prints the minified + gzipped size of the client's core entry (and the mobile adapters).
// Run: node packages/client/scripts/size.ts   (bundles with rolldown, which ships with vite)
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'rolldown';

const root = fileURLToPath(new URL('..', import.meta.url));
const entries = {
  'core (index.ts)': 'src/index.ts',
  './expo': 'src/adapters/expo-secure-store.ts',
  './keychain': 'src/adapters/react-native-keychain.ts',
};

for (const [name, file] of Object.entries(entries)) {
  const result = await build({
    input: `${root}${file}`,
    cwd: root,
    logLevel: 'silent',
    write: false,
    output: { format: 'esm', minify: true },
  });
  const code = result.output.map((chunk) => ('code' in chunk ? chunk.code : '')).join('');
  const min = Buffer.byteLength(code);
  const gz = gzipSync(code, { level: 9 }).byteLength;
  console.log(
    `${name.padEnd(16)} ${(min / 1024).toFixed(2)} KB min  ${(gz / 1024).toFixed(2)} KB min+gz`,
  );
}
