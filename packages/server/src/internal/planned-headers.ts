import type { MiddlewareHandler } from 'hono';
import type { AppContext, AppEnv } from './app-deps.ts';

/** Header values by lower-case name (one value each: no response sets two cookies). */
export type HeaderRecord = Record<string, string>;

/**
 * How a planned header meets one the route set itself: `set` replaces it, `default` yields to
 * it, `append` adds to it (a list header such as Vary).
 */
export type PlannedHeader = readonly [
  name: string,
  value: string,
  mode: 'set' | 'default' | 'append',
];

/**
 * The headers every response of one request carries (security headers, CORS, Server-Time),
 * decided by the middlewares before the handler runs.
 *
 * Why not add them to the finished response, as middlewares usually do: each `Headers.set` on a
 * Response validates its input, and a Response whose Headers object was touched can no longer be
 * written by @hono/node-server from the plain record it was built with: it copies and sorts the
 * headers first. On the hottest routes that was ~15 µs of event-loop time per request. Replies
 * built with `jsonReply`/`emptyReply` carry the planned headers from the start, in one plain
 * object; any other response (a problem, a static file, a 404) gets them added afterwards by
 * `plannedHeaders()`, exactly as before.
 */
export class HeaderPlan {
  readonly #headers: PlannedHeader[] = [];
  #reply: Response | undefined;

  add(headers: readonly PlannedHeader[]): void {
    for (const header of headers) this.#headers.push(header);
  }

  /** The route's headers (lower-case names) with the planned ones merged in, as a new record. */
  merge(route: HeaderRecord): HeaderRecord {
    const merged: HeaderRecord = { ...route };
    for (const [name, value, mode] of this.#headers) {
      const own = merged[name];
      if (own === undefined || mode === 'set') merged[name] = value;
      else if (mode === 'append') merged[name] = `${own}, ${value}`;
    }
    return merged;
  }

  /** Adds the planned headers to a response built without them. */
  applyTo(headers: Headers): void {
    for (const [name, value, mode] of this.#headers) {
      if (mode === 'set') headers.set(name, value);
      else if (mode === 'append') headers.append(name, value);
      else if (!headers.has(name)) headers.set(name, value);
    }
  }

  /** Records the response built from this plan, which needs nothing added afterwards. */
  claim(response: Response): Response {
    this.#reply = response;
    return response;
  }

  carriedBy(response: Response): boolean {
    return this.#reply === response;
  }
}

/** Outermost of the header middlewares: starts the plan, completes responses built without it. */
export function plannedHeaders(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const plan = new HeaderPlan();
    c.set('headerPlan', plan);
    await next();
    if (!plan.carriedBy(c.res)) plan.applyTo(c.res.headers);
  };
}

/** Adds headers to this request's plan (a no-op outside the app's middleware chain). */
export function planHeaders(c: AppContext, headers: readonly PlannedHeader[]): void {
  c.get('headerPlan')?.add(headers);
}

/** A JSON response carrying the planned headers; `headers` use lower-case names. */
export function jsonReply(
  c: AppContext,
  body: unknown,
  status = 200,
  headers: HeaderRecord = {},
): Response {
  return reply(c, JSON.stringify(body), status, { 'content-type': 'application/json', ...headers });
}

/** A response without a body (204), carrying the planned headers. */
export function emptyReply(c: AppContext, status: number, headers: HeaderRecord = {}): Response {
  return reply(c, null, status, headers);
}

function reply(c: AppContext, body: string | null, status: number, headers: HeaderRecord) {
  const plan = c.get('headerPlan');
  if (plan === undefined) return new Response(body, { status, headers });
  // A plain record (not a Headers object) keeps @hono/node-server on its direct write path.
  return plan.claim(new Response(body, { status, headers: plan.merge(headers) }));
}
