/** Messages between SignerThread (main thread) and signer-worker.ts. */
export type SignerRequest =
  | { type: 'key'; handle: number; alg: string; jwk: Readonly<Record<string, unknown>> }
  | { type: 'batch'; id: number; inputs: [handle: number, signingInput: string][] };

/** One signature per input, in order; null where the key was unknown or signing failed. */
export interface SignerReply {
  id: number;
  signatures: (string | null)[];
}
