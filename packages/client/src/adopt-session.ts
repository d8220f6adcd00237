import type { TokenResponse } from '@tessera/protocol';
import type { ClientContext } from './internal/context.ts';
import { acceptTokens } from './perform-refresh.ts';
import type { createServerLogout } from './server-logout.ts';

type ServerLogout = ReturnType<typeof createServerLogout>;

/**
 * The answer of a new session (login, guest start) replaces whatever the client held: a
 * pending server logout of the old one is dropped, results of refreshes for the old one are
 * discarded (new generation), then the tokens are taken like a refresh's.
 */
export async function adoptSession(
  ctx: ClientContext,
  logout: ServerLogout,
  data: TokenResponse,
): Promise<void> {
  await logout.cancel();
  const generation = ++ctx.generation;
  await acceptTokens(ctx, data, generation);
  ctx.keepAlive.markExtended(ctx.now());
}
