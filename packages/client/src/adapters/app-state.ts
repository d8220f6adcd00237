import type { LifecycleSource } from '../types.ts';

/** The part of React Native's `AppState` the adapter uses (structural; no dependency). */
export interface AppStateLike {
  currentState?: string | null;
  addEventListener(type: 'change', listener: (state: string) => void): { remove(): void };
}

/**
 * LifecycleSource for React Native: `appStateLifecycle(AppState)`. Foreground is the move to
 * `active`; background is `background` (iOS `inactive` is a transient overlay, not a sleep).
 */
export function appStateLifecycle(appState: AppStateLike): LifecycleSource {
  const on = (wanted: 'active' | 'background', cb: () => void) => {
    let last = appState.currentState ?? 'active';
    const sub = appState.addEventListener('change', (state) => {
      if (state === wanted && last !== wanted) cb();
      last = state;
    });
    return () => sub.remove();
  };
  return {
    onForeground: (cb) => on('active', cb),
    onBackground: (cb) => on('background', cb),
  };
}
