import type { Clock, SessionEngine } from '@tessera/core';
import { ConfigError, createSessionEngine } from '@tessera/core';
import { engineOptionsFromConfig } from '../config/engine-options-from-config.ts';
import type { ServerConfig } from '../config/server-config.ts';
import { type OpenedStores, openStore, type StoreOpener } from './open-store.ts';

/** What a command works with: the opened stores and an engine on them. */
export interface Runtime {
  readonly config: ServerConfig;
  readonly stores: OpenedStores;
  readonly engine: SessionEngine;
  /** Flush pending activity, stop the engine's timers, close the stores. */
  close(): Promise<void>;
}

export interface RuntimeOptions {
  openStore?: StoreOpener | undefined;
  clock?: Clock | undefined;
}

/** Open the configured stores, migrate them (idempotent) and start an engine on them. */
export async function openRuntime(
  config: ServerConfig,
  options: RuntimeOptions = {},
): Promise<Runtime> {
  const open = options.openStore ?? ((urls) => openStore(urls));
  const stores = await open({ databaseUrl: config.databaseUrl, redisUrl: config.redisUrl });
  let engine: SessionEngine;
  try {
    await stores.migrate();
    engine = createSessionEngine({
      ...engineOptionsFromConfig(config),
      store: stores.store,
      keyStore: stores.store,
      ...(stores.revocationFeed ? { revocationFeed: stores.revocationFeed } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
    });
  } catch (error) {
    await stores.close();
    throw error;
  }
  return {
    config,
    stores,
    engine,
    close: async () => {
      try {
        await engine.close();
      } finally {
        await stores.close();
      }
    },
  };
}

/**
 * Load the signing keys (and recent revocations) now, so a wrong or missing data key stops
 * start-up instead of failing every request; core's `dataKey` becomes TESSERA_DATA_KEY.
 */
export async function startEngine(engine: SessionEngine): Promise<void> {
  try {
    await engine.start();
  } catch (error) {
    if (error instanceof ConfigError && error.option === 'dataKey') {
      throw new ConfigError(
        'TESSERA_DATA_KEY',
        'cannot open the stored signing keys (wrong key, or keys sealed with a key that is not set)',
        { cause: error },
      );
    }
    throw error;
  }
}

/** Run `work` on a fresh runtime and always close it. */
export async function withRuntime<T>(
  config: ServerConfig,
  options: RuntimeOptions,
  work: (runtime: Runtime) => Promise<T>,
): Promise<T> {
  const runtime = await openRuntime(config, options);
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}
