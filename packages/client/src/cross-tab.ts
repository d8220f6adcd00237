import type { PublicSession, PublicUser, SignOutReason } from '@tessera/protocol';
import type { ChannelLike } from './types.ts';

/** What tabs tell each other. Access tokens travel only here (never localStorage or cookies). */
export type TabMessage =
  | {
      t: 'token';
      accessToken: string;
      accessExpiresAt: number | null;
      /** Null for a guest session. */
      user: PublicUser | null;
      session: PublicSession;
      idleExpiresAt: number | null;
      absoluteExpiresAt: number | null;
      idleTimeoutSeconds: number | null;
    }
  | {
      t: 'signed-out';
      event: 'logout' | 'revoked' | 'expired';
      reason: SignOutReason | null;
      sessionId: string | null;
    }
  | { t: 'extended'; idleExpiresAt: number; absoluteExpiresAt: number | null; at: number };

export interface CrossTab {
  post(message: TabMessage): void;
  close(): void;
}

function defaultChannel(name: string): ChannelLike | null {
  return typeof BroadcastChannel === 'function'
    ? (new BroadcastChannel(name) as unknown as ChannelLike)
    : null;
}

/** Opens the channel (BroadcastChannel by default); a no-op when none is available. */
export function openCrossTab(
  name: string,
  factory: ((name: string) => ChannelLike) | null | undefined,
  onMessage: (message: TabMessage) => void,
): CrossTab {
  const channel = factory === null ? null : (factory ?? defaultChannel)(name);
  if (channel) {
    channel.onmessage = (event) => {
      const data = event.data as TabMessage | null;
      if (data && typeof data === 'object' && typeof data.t === 'string') onMessage(data);
    };
  }
  return {
    post: (message) => channel?.postMessage(message),
    close: () => {
      if (channel) {
        channel.onmessage = null;
        channel.close();
      }
    },
  };
}
