import { InvalidInputError } from '../errors.ts';
import type { SessionDataPatchInput } from './types.ts';

/** Longest key of session data, in characters. */
export const MAX_DATA_KEY_LENGTH = 256;
/** Deepest nesting of a value (objects and arrays); deeper is refused as malformed. */
const MAX_DEPTH = 32;

const encoder = new TextEncoder();

/** Throws InvalidInputError (`invalid_request`) unless the patch is `{ version, set }` of JSON values. */
export function assertValidPatch(patch: SessionDataPatchInput): void {
  if (typeof patch !== 'object' || patch === null) throw invalid('the patch must be an object');
  if (!Number.isSafeInteger(patch.version) || patch.version < 0) {
    throw invalid('version must be a non-negative integer');
  }
  if (!isPlainObject(patch.set)) throw invalid('set must be an object');
  for (const [key, value] of Object.entries(patch.set)) {
    if (key.length === 0 || key.length > MAX_DATA_KEY_LENGTH) {
      throw invalid(`keys must be 1 to ${MAX_DATA_KEY_LENGTH} characters`);
    }
    if (!isJsonValue(value, 0)) throw invalid('values must be JSON values');
  }
}

/**
 * The data after the patch: `null` deletes a key, any other value replaces it whole (no deep
 * merge). Built with Object.fromEntries so a key like `__proto__` stays a plain own key.
 */
export function applyPatch(
  current: Readonly<Record<string, unknown>>,
  set: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const next = new Map(Object.entries(current));
  for (const [key, value] of Object.entries(set)) {
    if (value === null) next.delete(key);
    else next.set(key, value);
  }
  return Object.fromEntries(next);
}

/**
 * Guest data as merged into the new session at sign-in (which starts empty): guest keys are
 * copied in their order as long as the result stays within `maxBytes`; a key that does not fit
 * (the cap may have been lowered since it was written) is skipped. Linear in the data size.
 */
export function keysWithinCap(
  guest: Readonly<Record<string, unknown>>,
  maxBytes: number,
): Record<string, unknown> {
  const kept: [string, unknown][] = [];
  let size = 2; // `{}`
  for (const [key, value] of Object.entries(guest)) {
    const entry = encoder.encode(`${JSON.stringify(key)}:${JSON.stringify(value)}`).byteLength;
    const added = entry + (kept.length > 0 ? 1 : 0); // the comma before all but the first
    if (size + added > maxBytes) continue;
    kept.push([key, value]);
    size += added;
  }
  return Object.fromEntries(kept);
}

function invalid(message: string): InvalidInputError {
  return new InvalidInputError('invalid_request', `Invalid session data patch: ${message}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isJsonValue(value: unknown, depth: number): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (depth >= MAX_DEPTH) return false;
  if (Array.isArray(value)) return value.every((item) => isJsonValue(item, depth + 1));
  if (!isPlainObject(value)) return false;
  return Object.values(value).every((item) => isJsonValue(item, depth + 1));
}
