// Runs before `npm start`, `npm test` and `npm run bench`, on whatever Node the user has: the
// project's scripts are TypeScript run by Node's type stripping (22.12+), and an older Node
// fails on them with "Unknown file extension .ts", which says nothing about the cause.
// Plain JavaScript on purpose, so that it runs on any Node.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** `>=X.Y` from package.json's engines; the only form this project uses. */
export function minimumFromEngines(range) {
  const match = /^>=\s*(\d+)\.(\d+)(?:\.(\d+))?$/.exec(range.trim());
  if (!match) throw new Error(`Unsupported engines.node range: ${range}`);
  return [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
}

/** A message if `version` (e.g. "20.20.2") is older than `minimum`, otherwise null. */
export function nodeVersionProblem(version, minimum) {
  const parts = version.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    if (parts[i] > minimum[i]) return null;
    if (parts[i] < minimum[i]) {
      return (
        `Tessera needs Node.js >= ${minimum.join('.')}; this is Node.js ${version}.\n` +
        'Install Node 24 LTS (https://nodejs.org), then run the command again.'
      );
    }
  }
  return null;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const problem = nodeVersionProblem(process.versions.node, minimumFromEngines(pkg.engines.node));
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}
