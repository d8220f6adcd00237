import type { SessionEngine } from '@tessera/core';
import type { Logger } from 'pino';
import { AUDIT_EVENT_TYPES, auditFields } from './audit-log.ts';
import { errorSummary } from './error-summary.ts';

/** One row of a durable audit trail: the fields of the pino audit line, nothing more. */
export interface AuditRow {
  /** Epoch ms. */
  at: number;
  type: string;
  sessionId: string | null;
  userId: string | null;
  reason: string | null;
  ip: string | null;
  /** The event's other facts (grace, generation, kind, revoked count). */
  detail: Record<string, unknown> | null;
}

/** A store that keeps audit events (e.g. @tessera/store-postgres's `audit_events` table). */
export interface AuditSink {
  appendAuditEvents(events: readonly AuditRow[]): Promise<void>;
}

export interface AuditTrailOptions {
  /** Rows per INSERT. Default 100. */
  batchSize?: number;
  /** Longest a row waits for its batch (ms). Default 1000. */
  flushIntervalMs?: number;
  /** Rows kept while the sink fails; beyond it the oldest are dropped (and logged). Default 10,000. */
  maxQueued?: number;
}

const KNOWN = new Set(['audit', 'event', 'at', 'sessionId', 'userId', 'reason', 'ip']);

/** The pino audit line's fields as a row (same source, so the two never disagree). */
export function auditRow(fields: Record<string, unknown>, at: number): AuditRow {
  const text = (key: string): string | null =>
    typeof fields[key] === 'string' ? (fields[key] as string) : null;
  const rest = Object.entries(fields).filter(([key]) => !KNOWN.has(key));
  return {
    at,
    type: String(fields.event),
    sessionId: text('sessionId'),
    userId: text('userId'),
    reason: text('reason'),
    ip: text('ip'),
    detail: rest.length === 0 ? null : Object.fromEntries(rest),
  };
}

/**
 * Appends every engine event to `sink` in small batches, off the request path: listeners only
 * queue; a timer (or a full batch) writes. A failed write is logged (name and code only) and
 * its rows are retried with the next batch. `close()` writes what is queued.
 */
export function attachAuditTrail(
  engine: SessionEngine,
  sink: AuditSink,
  logger: Logger,
  options: AuditTrailOptions = {},
): { close(): Promise<void> } {
  const batchSize = options.batchSize ?? 100;
  const maxQueued = options.maxQueued ?? 10_000;
  const queue: AuditRow[] = [];
  let writing: Promise<void> | null = null;

  const flush = async (): Promise<void> => {
    while (queue.length > 0) {
      const batch = queue.slice(0, batchSize);
      try {
        await sink.appendAuditEvents(batch);
      } catch (error) {
        logger.error({ err: errorSummary(error), rows: batch.length }, 'audit trail write failed');
        return; // the rows stay queued for the next tick
      }
      queue.splice(0, batch.length);
    }
  };
  const kick = (): void => {
    writing ??= flush().finally(() => {
      writing = null;
    });
  };
  const offs = AUDIT_EVENT_TYPES.map((type) =>
    engine.on(type, (event) => {
      queue.push(auditRow(auditFields(event), event.at));
      if (queue.length > maxQueued) {
        const dropped = queue.splice(0, queue.length - maxQueued).length;
        logger.error({ dropped }, 'audit trail queue full: oldest rows dropped');
      }
      if (queue.length >= batchSize) kick();
    }),
  );
  const timer = setInterval(kick, options.flushIntervalMs ?? 1000);
  timer.unref();

  return {
    async close() {
      for (const off of offs) off();
      clearInterval(timer);
      await writing;
      await flush();
    },
  };
}
