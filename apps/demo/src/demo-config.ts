/** Runtime configuration written next to the built UI by scripts/start.ts (demo-config.js). */
export interface DemoConfig {
  /** Inactivity limit for ordinary users, stated on the sign-in page before any session exists. */
  idleTimeoutSeconds: number;
  /** The admin role's stricter inactivity limit (TESSERA_ROLE_POLICIES), if any. */
  adminIdleTimeoutSeconds: number | null;
  /** When the idle warning appears before the deadline (the client clamps it to ≥ 30 s). */
  warningLeadMs: number;
  /** At most one activity keep-alive per this interval (client default 60 s); tests shorten it. */
  keepAliveIntervalMs?: number;
  /**
   * Browser tests only: expose the session client as window.__tesseraDemo so a test can fire
   * parallel API calls. It never exposes a token (the client keeps those in a closure).
   */
  exposeClient?: boolean;
}

declare global {
  interface Window {
    __TESSERA_DEMO_CONFIG__?: Partial<DemoConfig>;
    __tesseraDemo?: unknown;
  }
}

export function readDemoConfig(): DemoConfig {
  const raw = window.__TESSERA_DEMO_CONFIG__ ?? {};
  return {
    idleTimeoutSeconds: positive(raw.idleTimeoutSeconds, 900),
    adminIdleTimeoutSeconds:
      raw.adminIdleTimeoutSeconds == null ? null : positive(raw.adminIdleTimeoutSeconds, 600),
    warningLeadMs: positive(raw.warningLeadMs, 120_000),
    keepAliveIntervalMs: positive(raw.keepAliveIntervalMs, 60_000),
    exposeClient: raw.exposeClient === true,
  };
}

function positive(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}
