import { ConfigError, SessionDataUnreadableError } from '../errors.ts';
import { importDataKey, isSealed, open, seal } from '../internal/seal.ts';
import type { SessionRecord } from '../store/session-record.ts';
import type { ResolvedOptions } from './resolve-options.ts';

const encoder = new TextEncoder();
// One imported key per engine (its resolved options), shared by every data operation.
const keys = new WeakMap<ResolvedOptions, Promise<CryptoKey>>();

function dataKey(options: ResolvedOptions): Promise<CryptoKey> | undefined {
  if (!options.dataKey) return undefined;
  let key = keys.get(options);
  if (!key) {
    key = importDataKey(options.dataKey);
    keys.set(options, key);
  }
  return key;
}

/**
 * Associated data of a session's ciphertext: it is authenticated, so a blob copied onto
 * another session (or into another purpose, like a sealed signing key) does not open.
 */
function associatedData(sessionId: string): string {
  return `tessera:session-data:v1:${sessionId}`;
}

/** Serialized JSON of session data and its size in UTF-8 bytes (what the cap measures). */
export function serializeData(data: Readonly<Record<string, unknown>>): {
  json: string;
  size: number;
} {
  const json = JSON.stringify(data);
  return { json, size: encoder.encode(json).byteLength };
}

/**
 * The stored form of serialized data: sealed with AES-256-GCM under the data key, bound to the
 * session id. Without a data key it is stored in clear, like the signing keys (development
 * only; the server warns at start-up).
 */
export async function sealData(
  options: ResolvedOptions,
  sessionId: string,
  json: string,
): Promise<string> {
  const key = dataKey(options);
  return key ? seal(await key, json, associatedData(sessionId)) : json;
}

/** A session's data as a JSON object ({} when it has none). Fails closed when it does not open. */
export async function openData(
  options: ResolvedOptions,
  session: Pick<SessionRecord, 'id' | 'data'>,
): Promise<Record<string, unknown>> {
  if (session.data === null) return {};
  const key = dataKey(options);
  const sealed = isSealed(session.data);
  if (!key && sealed)
    throw new ConfigError('dataKey', 'is required: stored session data is sealed');
  let json = session.data;
  // With a key, clear text never opens (open() refuses it): it could have been planted to
  // bypass the binding to the session.
  if (key) {
    try {
      json = await open(await key, session.data, associatedData(session.id));
    } catch (error) {
      throw new SessionDataUnreadableError('Stored session data does not open', { cause: error });
    }
  }
  return parseObject(json);
}

function parseObject(json: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new SessionDataUnreadableError('Stored session data is not JSON', { cause: error });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SessionDataUnreadableError('Stored session data is not a JSON object');
  }
  return value as Record<string, unknown>;
}
