/** Clock leeway for token times (DESIGN: at most 5 s). */
export const LEEWAY_MS = 5_000;
export const LEEWAY_SECONDS = 5;
/** Bounded retries of a compare-and-set rotation that lost a race. */
export const MAX_ROTATE_ATTEMPTS = 16;
/** Batch size of cleanup(). */
export const CLEANUP_BATCH = 500;
/** Random bytes: session ids 192 bits, refresh tokens 256 bits, jti 128 bits. */
export const SESSION_ID_BYTES = 24;
export const REFRESH_TOKEN_BYTES = 32;
export const JTI_BYTES = 16;
/** Poll interval used as a safety net when a revocation feed is configured. */
export const FEED_SAFETY_POLL_MS = 5_000;
/** Pauses before the retries of a failed revocation publish (ms; about 3.4 s in all). */
export const PUBLISH_RETRY_DELAYS_MS = [50, 150, 400, 1_000, 1_800];
/** How long a revoking request waits for the publish and its retries; the rest runs behind. */
export const PUBLISH_WAIT_MS = 1_000;
