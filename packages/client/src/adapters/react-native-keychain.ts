import type { SecureStorage } from '../types.ts';

/** Options of react-native-keychain's generic-password calls (structural; no dependency). */
export interface KeychainOptions {
  service?: string;
  accessible?: string;
}

/** The part of `react-native-keychain` the adapter calls. */
export interface KeychainLike {
  getGenericPassword(
    options?: KeychainOptions,
  ): Promise<false | { username: string; password: string }>;
  setGenericPassword(
    username: string,
    password: string,
    options?: KeychainOptions,
  ): Promise<unknown>;
  resetGenericPassword(options?: KeychainOptions): Promise<unknown>;
  ACCESSIBLE?: { AFTER_FIRST_UNLOCK_THIS_DEVICE_ONLY?: string };
}

/**
 * SecureStorage on react-native-keychain: `keychainStorage(Keychain)`. The keychain holds one
 * credential per service, so each key gets its own service `<service>:<key>`.
 */
export function keychainStorage(keychain: KeychainLike, service = 'tessera'): SecureStorage {
  const opts = (key: string): KeychainOptions => ({
    service: `${service}:${key}`,
    accessible: keychain.ACCESSIBLE?.AFTER_FIRST_UNLOCK_THIS_DEVICE_ONLY,
  });
  return {
    async get(key) {
      const found = await keychain.getGenericPassword(opts(key));
      return found ? found.password : null;
    },
    async set(key, value) {
      await keychain.setGenericPassword(key, value, opts(key));
    },
    async remove(key) {
      await keychain.resetGenericPassword(opts(key));
    },
  };
}
