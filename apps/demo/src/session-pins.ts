import { type SessionClient, SessionClientError } from '@tessera/client';

/**
 * "Pinned for this session": short reminders kept in this session's data on the server
 * (encrypted, versioned). A guest's pins move into the user session when the guest signs in.
 */
export interface Pin {
  id: string;
  text: string;
}

export interface PinSnapshot {
  pins: Pin[];
  /** The session-data version these pins were read at (compare-and-set). */
  version: number;
}

export type PinChange = { kind: 'add'; pin: Pin } | { kind: 'remove'; id: string };

export const PINS_KEY = 'pinned';
export const MAX_PIN_LENGTH = 200;

/** The pins in a session's data; anything malformed is skipped, never trusted. */
export function readPins(data: Record<string, unknown>): Pin[] {
  const raw = data[PINS_KEY];
  if (!Array.isArray(raw)) return [];
  return raw.filter(
    (p): p is Pin =>
      typeof p === 'object' && p !== null && typeof p.id === 'string' && typeof p.text === 'string',
  );
}

export function applyPinChange(pins: readonly Pin[], change: PinChange): Pin[] {
  if (change.kind === 'add') return [...pins.filter((p) => p.id !== change.pin.id), change.pin];
  return pins.filter((p) => p.id !== change.id);
}

export async function loadPins(client: SessionClient): Promise<PinSnapshot> {
  const { data, version } = await client.getSessionData();
  return { pins: readPins(data), version };
}

export interface SaveResult extends PinSnapshot {
  /** Another tab changed the list first: the change was applied to its latest version. */
  reapplied: boolean;
}

/**
 * Writes one change at the version last read. On 409 `version_conflict` it reads the list
 * again and reapplies the change once (changes are by id, so reapplying is safe); a second
 * conflict, a 413 `quota_exceeded` or any other failure rejects for the page to explain.
 */
export async function savePinChange(
  client: SessionClient,
  from: PinSnapshot,
  change: PinChange,
): Promise<SaveResult> {
  try {
    return { ...(await write(client, from, change)), reapplied: false };
  } catch (error) {
    if (!(error instanceof SessionClientError) || error.kind !== 'version_conflict') throw error;
  }
  const latest = await loadPins(client);
  return { ...(await write(client, latest, change)), reapplied: true };
}

async function write(
  client: SessionClient,
  from: PinSnapshot,
  change: PinChange,
): Promise<PinSnapshot> {
  const pins = applyPinChange(from.pins, change);
  const saved = await client.updateSessionData({
    version: from.version,
    set: { [PINS_KEY]: pins },
  });
  return { pins: readPins(saved.data), version: saved.version };
}
