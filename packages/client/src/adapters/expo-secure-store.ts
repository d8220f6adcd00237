import type { SecureStorage } from '../types.ts';

/** Options of expo-secure-store's calls that matter here (structural; no dependency). */
export interface ExpoSecureStoreOptions {
  keychainService?: string;
  keychainAccessible?: number;
  requireAuthentication?: boolean;
}

/** The part of `expo-secure-store` the adapter calls. */
export interface ExpoSecureStoreLike {
  getItemAsync(key: string, options?: ExpoSecureStoreOptions): Promise<string | null>;
  setItemAsync(key: string, value: string, options?: ExpoSecureStoreOptions): Promise<void>;
  deleteItemAsync(key: string, options?: ExpoSecureStoreOptions): Promise<void>;
  AFTER_FIRST_UNLOCK_THIS_DEVICE_ONLY?: number;
}

/**
 * SecureStorage on Expo (iOS Keychain / Android Keystore):
 * `expoSecureStorage(SecureStore)`, passing the expo-secure-store module namespace.
 * Defaults to "after first unlock, this device only" so the refresh token is not restored
 * onto another device from a backup.
 */
export function expoSecureStorage(
  store: ExpoSecureStoreLike,
  options: ExpoSecureStoreOptions = {},
): SecureStorage {
  const opts: ExpoSecureStoreOptions = {
    keychainAccessible: store.AFTER_FIRST_UNLOCK_THIS_DEVICE_ONLY,
    ...options,
  };
  return {
    get: (key) => store.getItemAsync(key, opts),
    set: (key, value) => store.setItemAsync(key, value, opts),
    remove: (key) => store.deleteItemAsync(key, opts),
  };
}
