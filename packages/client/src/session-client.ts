import type { TokenResponse } from '@tessera/protocol';
import { Routes } from '@tessera/protocol';
import * as api from './account-api.ts';
import { trackActivity } from './activity-tracker.ts';
import { adoptSession } from './adopt-session.ts';
import { authedFetch, readJson } from './authed-fetch.ts';
import { createClockOffset } from './clock-offset.ts';
import { openCrossTab } from './cross-tab.ts';
import { createDraftStore } from './drafts.ts';
import { errorFromResponse, SessionClientError } from './errors.ts';
import { authUrl, jsonInit, send } from './http.ts';
import { createIdleScheduler } from './idle-scheduler.ts';
import type { ClientContext } from './internal/context.ts';
import { createEmitter } from './internal/emitter.ts';
import { localStore, marker } from './internal/local-store.ts';
import { resolveOptions } from './internal/options.ts';
import { createTimers } from './internal/timers.ts';
import { createKeepAlive } from './keep-alive.ts';
import { watchWake } from './lifecycle.ts';
import { performRefresh } from './perform-refresh.ts';
import { reauthenticate } from './reauthenticate.ts';
import { createRefreshCoordinator } from './refresh-coordinator.ts';
import { createServerLogout } from './server-logout.ts';
import { applyDeadlines, endSession, setState } from './session-state.ts';
import { confirmDeadline, onProactiveRefresh, onTabMessage, onWake } from './session-watch.ts';
import { guestLoginFields, startGuest } from './start-guest.ts';
import type { SessionClient, SessionClientOptions, SessionEvents } from './types.ts';

const ACTIVITY_THROTTLE_MS = 1_000;
const noop = () => {};

/** Builds the shared context; every module reads and updates it. */
function createContext(options: SessionClientOptions) {
  const o = resolveOptions(options);
  const clock = createClockOffset(o.now);
  const timers = createTimers(o.now);
  const events = createEmitter<SessionEvents>();
  const ctx = {
    transport: o.transport,
    baseUrl: o.baseUrl,
    storage: o.storage,
    now: o.now,
    warningLeadMs: o.warningLeadMs,
    reload: o.reload,
    clock,
    timers,
    events,
    drafts: createDraftStore(o.draftStorage, o.now),
    visible: () => true,
    state: {
      status: 'loading',
      user: null,
      session: null,
      idleExpiresAt: null,
      absoluteExpiresAt: null,
      idleTimeoutSeconds: null,
      warningAt: null,
      reason: null,
    },
    accessToken: null,
    accessExpiresAt: null,
    accessReceivedAt: null,
    refreshToken: null,
    tokenSeq: 0,
    generation: 0,
    lastUserId: null,
    endedSessions: new Set<string>(),
    orphanToken: null,
    disposed: false,
  } as unknown as ClientContext;
  const mutable = ctx as { -readonly [K in keyof ClientContext]: ClientContext[K] };
  mutable.http = {
    baseUrl: o.baseUrl,
    transport: o.transport,
    fetch: o.fetch,
    timeoutMs: o.requestTimeoutMs,
    clock,
    onHeaders: (headers) => onDeadlineHeaders(ctx, headers),
  };
  mutable.scheduler = createIdleScheduler(timers, o.now, {
    warning: (deadline) => events.emit('warning', { deadline }),
    deadline: () => void confirmDeadline(ctx),
    proactiveRefresh: () => onProactiveRefresh(ctx),
  });
  const local = localStore(o.draftStorage);
  const logout = createServerLogout(ctx, marker(local, `${o.channelName}:logout-pending`));
  ctx.keepAlive = createKeepAlive(timers, o.now, o.keepAliveIntervalMs, () => {
    api.extend(ctx).catch(noop);
  });
  ctx.coordinator = createRefreshCoordinator({
    locks: o.locks,
    lockName: `${o.channelName}:refresh`,
    lockTimeoutMs: o.lockTimeoutMs,
    maxAttempts: o.maxRefreshAttempts,
    windowMs: o.refreshWindowMs,
    tokenLifetimeMs: () =>
      ctx.accessExpiresAt !== null && ctx.accessReceivedAt !== null
        ? ctx.accessExpiresAt - ctx.accessReceivedAt
        : null,
    now: o.now,
    timers,
    tokenSeq: () => ctx.tokenSeq,
    hasFreshToken: () => ctx.accessToken !== null && (ctx.accessExpiresAt ?? 0) > o.now() + 5_000,
    perform: (passive) => performRefresh(ctx, passive),
    lastRefresh: marker(local, `${o.channelName}:last-refresh`),
    onBreakerTripped: () => {
      const token = ctx.accessToken;
      const refreshToken = ctx.refreshToken;
      endSession(ctx, 'expired', 'session_expired', true);
      // Tell the server too: the refresh cookie would otherwise sign the user back in on reload.
      logout.mark();
      void logout.attempt(token, refreshToken);
    },
  });
  ctx.tabs = openCrossTab(o.channelName, o.createChannel, (m) => onTabMessage(ctx, m));
  return { ctx, o, logout };
}

/** Session-Idle-Expires-At / Session-Expires-At on any response move the deadlines. */
function onDeadlineHeaders(ctx: ClientContext, headers: Headers): void {
  const idle = ctx.clock.toClient(headers.get('session-idle-expires-at'));
  const absolute = ctx.clock.toClient(headers.get('session-expires-at'));
  if (idle !== null || absolute !== null) applyDeadlines(ctx, idle, absolute, { broadcast: true });
}

export function createSessionClient(options: SessionClientOptions): SessionClient {
  const { ctx, o, logout } = createContext(options);
  let loginRetryAt = Number.NEGATIVE_INFINITY;
  let stop: (() => void) | null = null;

  const activity = trackActivity(o.window, o.now, ACTIVITY_THROTTLE_MS, () => {
    if (ctx.state.status !== 'signed-in') return;
    ctx.drafts.observe();
    // While the idle warning shows, only an explicit "Stay signed in" (extend()) extends
    // (WCAG 2.2.1): a mouse drifting over the page must not silently dismiss the warning.
    if (o.now() >= (ctx.state.warningAt ?? Number.POSITIVE_INFINITY)) return;
    ctx.keepAlive.noteActivity();
  });
  const wake = watchWake(o.window, o.document, o.lifecycle, () => onWake(ctx));
  ctx.visible = wake.visible;
  stop = () => {
    activity.dispose();
    wake.dispose();
  };

  const loadInfo = () => api.sessionInfo(ctx).then(noop, noop);

  return {
    async start() {
      if (logout.pending()) {
        // A logout the server has not confirmed: end it now, never refresh back in.
        setState(ctx, { status: 'signed-out' });
        await logout.attempt(null, null);
        return;
      }
      try {
        if (ctx.state.status !== 'signed-in') await ctx.coordinator.refresh(true);
        await loadInfo();
      } catch {
        // Not signed in (or offline): the stored refresh token, if any, is kept for next time.
        if (ctx.state.status === 'loading') setState(ctx, { status: 'signed-out' });
      }
    },
    getState: () => ctx.state,
    async login(input) {
      const body = {
        email: input.email,
        password: input.password,
        ...(input.rememberMe === undefined ? {} : { rememberMe: input.rememberMe }),
        transport: ctx.transport,
        ...guestLoginFields(ctx),
      };
      // An unconfirmed logout: one more try while the old cookie is still the one sent.
      if (logout.pending()) await logout.attempt(null, null);
      // Retry-After from an earlier 429: do not send the password again before then.
      const wait = loginRetryAt - ctx.now();
      if (wait > 0) {
        const retryAfterSeconds = Math.ceil(wait / 1000);
        throw new SessionClientError('rate_limited', {
          code: 'rate_limited',
          status: 429,
          retryAfterSeconds,
        });
      }
      const res = await send(ctx.http, authUrl(ctx.baseUrl, Routes.login), jsonInit('POST', body));
      if (res.status === 429) {
        const error = await errorFromResponse(res, ctx.now());
        loginRetryAt = ctx.now() + (error.retryAfterSeconds ?? 0) * 1000;
        throw error;
      }
      await adoptSession(ctx, logout, await readJson<TokenResponse>(ctx, res));
      await loadInfo();
    },
    async logout() {
      const token = ctx.accessToken;
      const refreshToken = ctx.refreshToken;
      endSession(ctx, 'logout', 'logout', true);
      logout.mark();
      await ctx.coordinator.inFlight()?.catch(noop);
      const best = ctx.orphanToken ?? token;
      ctx.orphanToken = null;
      await logout.attempt(best, refreshToken);
    },
    refresh: () => ctx.coordinator.refresh(false),
    extend: () => api.extend(ctx),
    me: () => api.me(ctx),
    sessionInfo: () => api.sessionInfo(ctx),
    listSessions: () => api.listSessions(ctx),
    revokeSession: (id) => api.revokeSession(ctx, id),
    revokeOtherSessions: () => api.revokeOtherSessions(ctx),
    changePassword: (input) => api.changePassword(ctx, input),
    startGuest: () => startGuest(ctx, logout).then(loadInfo),
    getSessionData: () => api.getSessionData(ctx),
    updateSessionData: (patch) => api.updateSessionData(ctx, patch),
    reauthenticate: (input) => reauthenticate(ctx, input),
    async fetch(input, init = {}) {
      const { passive = false, ...rest } = init;
      const res = await authedFetch(ctx, input, rest, passive);
      // A 401 here means the session is unusable (it already signed out when it ended).
      if (res.status === 401) throw await errorFromResponse(res, ctx.now());
      return res;
    },
    on: (event, listener) => ctx.events.on(event, listener),
    drafts: ctx.drafts,
    reportActivity: () => activity.report(),
    serverNow: () => ctx.now() + ctx.clock.offset(),
    dispose() {
      ctx.disposed = true;
      stop?.();
      stop = null;
      ctx.coordinator.dispose();
      ctx.timers.clearAll();
      ctx.tabs.close();
      ctx.events.clear();
    },
  };
}
