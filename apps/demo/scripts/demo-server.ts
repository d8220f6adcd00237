import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig, type RunningServer, startServer } from '@tessera/server';
import { APP_DIR, buildUi } from './build-ui.ts';
import { demoApi } from './demo-api.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** The two demo accounts, created on start-up when absent. */
export const DEMO_USERS = [
  { email: 'demo@example.com', password: 'demo-password-123', roles: ['user'] },
  { email: 'admin@example.com', password: 'admin-password-123', roles: ['admin'] },
] as const;

/** Demo defaults; any TESSERA_* variable in the environment wins. */
export const DEMO_ENV_DEFAULTS: Readonly<Record<string, string>> = {
  TESSERA_DATABASE_URL: `sqlite:${join(APP_DIR, 'data', 'demo.db')}`,
  TESSERA_PORT: '3000',
  TESSERA_COOKIE_SECURE: 'false',
  TESSERA_ROLE_POLICIES: '{"admin":{"idleTimeout":"10m"}}',
};

export interface DemoOptions {
  env?: Env;
  /** Where the built UI goes. Default apps/demo/dist. */
  outDir?: string;
  /** UI settings written to demo-config.js (tests shorten the warning lead and expose the client). */
  ui?: { warningLeadMs?: number; keepAliveIntervalMs?: number; exposeClient?: boolean };
  log?: (line: string) => void;
  /** Skip the Vite build (the UI in outDir is already current). */
  skipBuild?: boolean;
  /** Server time source (tests move it forward instead of waiting). */
  clock?: { now(): number };
  /** How recent a password entry the recovery codes need. Default 300 s (demo-api.ts). */
  stepUpMaxAgeSeconds?: number;
}

export interface RunningDemo extends RunningServer {
  readonly cookieSecure: boolean;
}

/** Build the UI, then run the Tessera service serving it, with the demo users seeded. */
export async function startDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  const env = { ...DEMO_ENV_DEFAULTS, ...withoutEmpty(options.env ?? process.env) };
  const config = loadConfig(env);
  const outDir = resolve(options.outDir ?? join(APP_DIR, 'dist'));
  if (config.databaseUrl.startsWith('sqlite:'))
    mkdirSync(join(APP_DIR, 'data'), { recursive: true });
  if (!options.skipBuild) await buildUi(outDir);
  writeDemoConfig(outDir, {
    idleTimeoutSeconds: Math.round(config.idleTimeoutMs / 1000),
    adminIdleTimeoutSeconds: seconds(config.rolePolicies.admin?.idleTimeoutMs),
    warningLeadMs:
      options.ui?.warningLeadMs ?? Math.min(120_000, Math.max(30_000, config.idleTimeoutMs / 4)),
    ...(options.ui?.keepAliveIntervalMs
      ? { keepAliveIntervalMs: options.ui.keepAliveIntervalMs }
      : {}),
    exposeClient: options.ui?.exposeClient === true,
  });
  const running = await startServer(config, {
    staticDir: outDir,
    seedUsers: DEMO_USERS,
    ...(options.log ? { log: options.log } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    // The demo's own API (the step-up action) runs on the same service and engine.
    mount: ({ engine, clock }) => [
      demoApi({ engine, clock, stepUpMaxAgeSeconds: options.stepUpMaxAgeSeconds }),
    ],
  });
  return { url: running.url, close: () => running.close(), cookieSecure: config.cookieSecure };
}

function writeDemoConfig(outDir: string, values: Record<string, unknown>): void {
  const body = `window.__TESSERA_DEMO_CONFIG__ = ${JSON.stringify(values)};\n`;
  writeFileSync(join(outDir, 'demo-config.js'), body);
}

function seconds(ms: number | undefined): number | null {
  return ms === undefined ? null : Math.round(ms / 1000);
}

function withoutEmpty(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}
