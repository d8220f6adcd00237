import { describe, expect, it, vi } from 'vitest';
import { appStateLifecycle } from './adapters/app-state.ts';
import { expoSecureStorage } from './adapters/expo-secure-store.ts';
import { keychainStorage } from './adapters/react-native-keychain.ts';
import { memoryStorage, REFRESH_TOKEN_KEY } from './storage.ts';
import { ADA, BASE, MOBILE, useFakeBrowser } from './test-support/harness.ts';

describe('bearer transport (mobile)', () => {
  const browser = useFakeBrowser();

  it('persists the refresh token in SecureStorage and restores the session on start', async () => {
    const storage = memoryStorage();
    const first = browser.tab({ ...MOBILE, transport: 'bearer', storage });
    await first.client.login(ADA);
    const stored = await storage.get(REFRESH_TOKEN_KEY);
    expect(stored).toMatch(/^rt-/);
    const login = browser.server.requests.find((r) => r.path === '/api/auth/login');
    expect(login?.body).toMatchObject({ transport: 'bearer' });
    expect(login?.credentials).toBeUndefined();
    first.client.dispose();

    const second = browser.tab({ ...MOBILE, transport: 'bearer', storage });
    await second.client.start();
    expect(second.client.getState()).toMatchObject({ status: 'signed-in', user: { id: 'u1' } });
    const refresh = browser.server.requests.find((r) => r.path === '/api/auth/refresh');
    expect(refresh?.body).toEqual({ refreshToken: stored });
    expect(refresh?.headers.get('x-tessera-csrf')).toBeNull();
    expect(await storage.get(REFRESH_TOKEN_KEY)).not.toBe(stored); // rotated
    expect((await second.client.fetch(`${BASE}/api/data`)).status).toBe(200);
  });

  it('start without a stored token is signed out; logout removes the token', async () => {
    const storage = memoryStorage();
    const tab = browser.tab({ ...MOBILE, transport: 'bearer', storage });
    await tab.client.start();
    expect(tab.client.getState().status).toBe('signed-out');
    await tab.client.login(ADA);
    await tab.client.logout();
    expect(await storage.get(REFRESH_TOKEN_KEY)).toBeNull();
    expect(browser.server.count('/api/auth/logout')).toBe(1);
  });

  it('expo-secure-store adapter round-trips with this-device-only accessibility', async () => {
    const map = new Map<string, string>();
    const calls: unknown[] = [];
    const SecureStore = {
      AFTER_FIRST_UNLOCK_THIS_DEVICE_ONLY: 7,
      getItemAsync: async (k: string, o?: unknown) => {
        calls.push(o);
        return map.get(k) ?? null;
      },
      setItemAsync: async (k: string, v: string) => {
        map.set(k, v);
      },
      deleteItemAsync: async (k: string) => {
        map.delete(k);
      },
    };
    const storage = expoSecureStorage(SecureStore);
    await storage.set(REFRESH_TOKEN_KEY, 'secret');
    expect(await storage.get(REFRESH_TOKEN_KEY)).toBe('secret');
    await storage.remove(REFRESH_TOKEN_KEY);
    expect(await storage.get(REFRESH_TOKEN_KEY)).toBeNull();
    expect(calls[0]).toMatchObject({ keychainAccessible: 7 });
  });

  it('react-native-keychain adapter round-trips, one service per key', async () => {
    const services = new Map<string, { username: string; password: string }>();
    const Keychain = {
      ACCESSIBLE: { AFTER_FIRST_UNLOCK_THIS_DEVICE_ONLY: 'AfterFirstUnlockThisDeviceOnly' },
      getGenericPassword: async (o?: { service?: string }) =>
        services.get(o?.service ?? '') ?? false,
      setGenericPassword: async (username: string, password: string, o?: { service?: string }) => {
        services.set(o?.service ?? '', { username, password });
        return true;
      },
      resetGenericPassword: async (o?: { service?: string }) => services.delete(o?.service ?? ''),
    } as const;
    const storage = keychainStorage(Keychain, 'app');
    await storage.set(REFRESH_TOKEN_KEY, 'secret');
    await storage.set('other', 'x');
    expect(await storage.get(REFRESH_TOKEN_KEY)).toBe('secret');
    expect([...services.keys()]).toEqual(['app:tessera.refreshToken', 'app:other']);
    await storage.remove(REFRESH_TOKEN_KEY);
    expect(await storage.get(REFRESH_TOKEN_KEY)).toBeNull();
  });

  it('AppState lifecycle: coming to the foreground re-checks deadlines', async () => {
    const listeners = new Set<(s: string) => void>();
    const AppState = {
      currentState: 'active',
      addEventListener: (_: 'change', l: (s: string) => void) => {
        listeners.add(l);
        return { remove: () => listeners.delete(l) };
      },
    };
    const fg = vi.fn();
    const bg = vi.fn();
    const lifecycle = appStateLifecycle(AppState);
    const off = lifecycle.onForeground(fg);
    const offBg = lifecycle.onBackground(bg);
    const emit = (s: string) => {
      for (const l of [...listeners]) l(s);
    };
    emit('background');
    emit('active');
    expect(fg).toHaveBeenCalledTimes(1);
    off();
    offBg();
    expect(listeners.size).toBe(0);

    const tab = browser.tab({
      ...MOBILE,
      transport: 'bearer',
      lifecycle: appStateLifecycle(AppState),
    });
    await tab.client.login(ADA);
    vi.setSystemTime(Date.now() + 60 * 60_000); // slept an hour in the background
    emit('background');
    emit('active');
    await vi.advanceTimersByTimeAsync(0);
    expect(tab.client.getState()).toMatchObject({ status: 'expired', reason: 'idle_timeout' });
  });
});
