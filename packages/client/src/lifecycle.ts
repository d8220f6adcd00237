import type { DocumentLike, EventTargetLike, LifecycleSource } from './types.ts';

const WAKE_EVENTS = ['pageshow', 'focus', 'online'];

export interface WakeWatcher {
  /** True when this tab/app is visible (foreground). */
  visible(): boolean;
  dispose(): void;
}

/**
 * Calls `onWake` when the page or app comes back (visibilitychange, pageshow, focus, online,
 * or the LifecycleSource foreground signal): timers may have slept, so deadlines are recomputed.
 */
export function watchWake(
  win: EventTargetLike | null,
  doc: DocumentLike | null,
  lifecycle: LifecycleSource | undefined,
  onWake: () => void,
): WakeWatcher {
  let foreground = true;
  const onVisibility = () => {
    if (doc?.visibilityState === 'visible') onWake();
  };
  for (const type of WAKE_EVENTS) win?.addEventListener(type, onWake);
  doc?.addEventListener('visibilitychange', onVisibility);
  const offFg = lifecycle?.onForeground(() => {
    foreground = true;
    onWake();
  });
  const offBg = lifecycle?.onBackground(() => {
    foreground = false;
  });
  return {
    visible: () => (doc ? doc.visibilityState === 'visible' : foreground),
    dispose() {
      for (const type of WAKE_EVENTS) win?.removeEventListener(type, onWake);
      doc?.removeEventListener('visibilitychange', onVisibility);
      offFg?.();
      offBg?.();
    },
  };
}
