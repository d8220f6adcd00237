/** A signing key as stored. JWKs are JSON strings; `privateJwk` may be encrypted by the store's owner. */
export interface SigningKeyRecord {
  kid: string;
  alg: 'EdDSA' | 'ES256' | 'HS256';
  privateJwk: string;
  /** Public JWK (null for HS256, which is never published). */
  publicJwk: string | null;
  createdAt: number;
  /** When a newer key took over signing; verification still accepts it for one access TTL. */
  retiredAt: number | null;
}

/** Shared persistence of the key ring, so every instance signs and verifies with the same keys. */
export interface KeyStore {
  listKeys(): Promise<SigningKeyRecord[]>;
  addKey(key: SigningKeyRecord): Promise<void>;
  /** Mark every key but `exceptKid` retired at `at` (only those not yet retired). */
  retireKeys(exceptKid: string, at: number): Promise<void>;
  /** Delete keys retired before `before`. */
  deleteRetired(before: number): Promise<number>;
}
