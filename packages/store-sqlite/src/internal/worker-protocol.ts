import { InvalidInputError, StoreUnavailableError, TesseraError } from '@tessera/core';
import type { BatchStats, Outcome } from './batch.ts';
import type { StoreOp } from './store-ops.ts';

export type WorkerRequest = { type: 'batch'; id: number; ops: StoreOp[] } | { type: 'close' };

export type WorkerReply =
  /**
   * Outcomes of some ops of batch `id` (reads come back before writes). `stats`: counters of
   * the transaction these writes were part of, on one reply per transaction.
   */
  | { type: 'result'; id: number; indices: number[]; outcomes: WireOutcome[]; stats?: BatchStats }
  | { type: 'closed' };

/** Errors cross the thread boundary as data; only these two kinds ever come back. */
type WireError = { kind: 'invalid'; message: string } | { kind: 'unavailable'; message: string };
export type WireOutcome = { ok: true; value: unknown } | { ok: false; error: WireError };

export function serializeOutcome(outcome: Outcome): WireOutcome {
  if (outcome.ok) return outcome;
  const { error } = outcome;
  if (error instanceof InvalidInputError) {
    return { ok: false, error: { kind: 'invalid', message: error.message } };
  }
  const cause = error instanceof TesseraError ? (error.cause ?? error) : error;
  const message = cause instanceof Error ? cause.message : String(cause);
  return { ok: false, error: { kind: 'unavailable', message } };
}

export function deserializeError(error: WireError): TesseraError {
  if (error.kind === 'invalid') return new InvalidInputError('invalid_request', error.message);
  return new StoreUnavailableError('SQLite store operation failed', {
    cause: new Error(error.message),
  });
}
