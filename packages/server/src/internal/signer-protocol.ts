/**
 * Who computes Ed25519 signatures: `auto` takes libsodium when the optional `sodium-native`
 * package loads (~20 µs a signature on the benchmark machine), else OpenSSL through node:crypto
 * (~35 µs); `openssl` always takes OpenSSL (e.g. where only a validated OpenSSL may be used).
 * The signatures are the same either way: Ed25519 is deterministic (RFC 8032).
 */
export type Ed25519Choice = 'auto' | 'openssl';
export type Ed25519Provider = 'libsodium' | 'openssl';

/** What the thread is started with (`workerData`). */
export interface SignerWorkerData {
  ed25519: Ed25519Choice;
}

/** Messages between SignerThread (main thread) and signer-worker.ts. */
export type SignerRequest =
  | { type: 'key'; handle: number; alg: string; jwk: Readonly<Record<string, unknown>> }
  | { type: 'batch'; id: number; inputs: [handle: number, signingInput: string][] }
  | { type: 'forget'; handle: number };

/**
 * One signature per input, in order; null where the key was unknown or signing failed. The
 * thread's first message says which Ed25519 implementation it loaded.
 */
export type SignerReply =
  | { id: number; signatures: (string | null)[] }
  | { type: 'ready'; ed25519: Ed25519Provider };
