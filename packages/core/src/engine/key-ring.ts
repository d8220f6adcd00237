import { ConfigError, StoreUnavailableError } from '../errors.ts';
import { randomBase64url } from '../internal/random-id.ts';
import { importDataKey, isSealed, open, seal } from '../internal/seal.ts';
import type { SigningKeyRecord } from '../store/key-store.ts';
import { LEEWAY_MS } from './constants.ts';
import {
  generateKeyMaterial,
  type ImportedKey,
  importKeyMaterial,
  withoutPrivateHalf,
} from './key-material.ts';
import type { ResolvedOptions } from './resolve-options.ts';

interface RingEntry {
  key: ImportedKey;
  createdAt: number;
  retiredAt: number | null;
}

/**
 * Signing and verification keys shared through the KeyStore. CryptoKeys are imported once per
 * kid; `reload()` picks up keys added or retired by other instances.
 */
export class KeyRing {
  readonly #options: ResolvedOptions;
  readonly #entries = new Map<string, RingEntry>();
  #dataKey: Promise<CryptoKey> | undefined;
  #lastReloadAt = Number.NEGATIVE_INFINITY;

  constructor(options: ResolvedOptions) {
    this.#options = options;
    if (options.dataKey) this.#dataKey = importDataKey(options.dataKey);
  }

  /** Loads the stored keys; creates the first key when there is none. */
  async load(): Promise<void> {
    await this.reload();
    if (!this.#signingEntry()) await this.#addNewKey();
  }

  /**
   * Re-reads the key list: new kids are imported first, retirements applied after, so that a
   * rotation made elsewhere never leaves a moment without a signing key (the retired one signs
   * until its successor is ready, and still verifies everywhere).
   */
  async reload(): Promise<void> {
    this.#lastReloadAt = this.#options.clock.now();
    const records = await this.#options.keyStore.listKeys();
    for (const record of records) {
      if (this.#entries.has(record.kid)) continue;
      const privateJwk = await this.#openPrivate(record.privateJwk);
      const key = await importKeyMaterial(record, privateJwk, this.#options.signer);
      // A concurrent reload got there first: keep its copy, hand this one back.
      if (this.#entries.has(record.kid)) withoutPrivateHalf(key, this.#options.signer);
      else
        this.#entries.set(record.kid, {
          key,
          createdAt: record.createdAt,
          retiredAt: record.retiredAt,
        });
    }
    const seen = new Set<string>();
    for (const record of records) {
      seen.add(record.kid);
      const known = this.#entries.get(record.kid)!;
      // Retired (here or by another instance): it never signs again, so its private half
      // leaves memory now rather than at the next restart.
      if (known.retiredAt === null && record.retiredAt !== null)
        known.key = withoutPrivateHalf(known.key, this.#options.signer);
      known.retiredAt = record.retiredAt;
    }
    for (const [kid, entry] of this.#entries) {
      if (seen.has(kid)) continue;
      withoutPrivateHalf(entry.key, this.#options.signer);
      this.#entries.delete(kid);
    }
  }

  /** When the key list was last read (clock ms); used to rate-limit reloads on unknown kids. */
  get lastReloadAt(): number {
    return this.#lastReloadAt;
  }

  /** The newest key that is not retired. */
  signingKey(): ImportedKey {
    const entry = this.#signingEntry();
    if (!entry) throw new StoreUnavailableError('No signing key is loaded');
    return entry.key;
  }

  /** The key for `kid` if it may still verify tokens (retired at most accessTtl + leeway ago). */
  verificationKey(kid: string): CryptoKey | undefined {
    const entry = this.#entries.get(kid);
    if (!entry || !this.#verifies(entry, this.#options.clock.now())) return undefined;
    return entry.key.verifyKey;
  }

  /** Adds a new key and retires the others. */
  async rotate(): Promise<{ kid: string }> {
    const kid = await this.#addNewKey();
    await this.#options.keyStore.retireKeys(kid, this.#options.clock.now());
    await this.reload();
    return { kid };
  }

  /** Public JWKs of the keys that still verify; HS256 secrets are never published. */
  jwks(): { keys: Record<string, unknown>[] } {
    const now = this.#options.clock.now();
    const keys: Record<string, unknown>[] = [];
    for (const entry of this.#entries.values()) {
      if (entry.key.publicJwk && this.#verifies(entry, now)) keys.push({ ...entry.key.publicJwk });
    }
    return { keys };
  }

  #verifies(entry: RingEntry, now: number): boolean {
    return (
      entry.key.alg === this.#options.algorithm &&
      (entry.retiredAt === null || now - entry.retiredAt <= this.#options.accessTtlMs + LEEWAY_MS)
    );
  }

  #signingEntry(): RingEntry | undefined {
    let newest: RingEntry | undefined;
    for (const entry of this.#entries.values()) {
      if (entry.retiredAt !== null || entry.key.alg !== this.#options.algorithm) continue;
      if (!newest || entry.createdAt >= newest.createdAt) newest = entry;
    }
    return newest;
  }

  async #addNewKey(): Promise<string> {
    const { algorithm, clock, random, keyStore } = this.#options;
    const kid = randomBase64url(random, 12);
    const material = await generateKeyMaterial(algorithm, kid);
    const record: SigningKeyRecord = {
      kid,
      alg: algorithm,
      privateJwk: await this.#sealPrivate(material.privateJwk),
      publicJwk: material.publicJwk,
      createdAt: clock.now(),
      retiredAt: null,
    };
    await keyStore.addKey(record);
    const key = await importKeyMaterial(record, material.privateJwk, this.#options.signer);
    this.#entries.set(kid, { key, createdAt: record.createdAt, retiredAt: null });
    return kid;
  }

  async #sealPrivate(jwk: string): Promise<string> {
    return this.#dataKey ? seal(await this.#dataKey, jwk) : jwk;
  }

  async #openPrivate(stored: string): Promise<string> {
    if (!isSealed(stored)) return stored;
    if (!this.#dataKey)
      throw new ConfigError('dataKey', 'is required: stored signing keys are sealed');
    try {
      return await open(await this.#dataKey, stored);
    } catch (error) {
      // A wrong key (or an altered record) is a configuration problem, not an outage: retrying
      // cannot help, and start-up must stop naming the option.
      throw new ConfigError('dataKey', 'cannot open the stored signing keys (wrong key?)', {
        cause: error,
      });
    }
  }
}
