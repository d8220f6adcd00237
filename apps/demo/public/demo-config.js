// Default demo configuration; scripts/start.ts overwrites this file in the build output.
window.__TESSERA_DEMO_CONFIG__ = { idleTimeoutSeconds: 900, warningLeadMs: 120000 };
