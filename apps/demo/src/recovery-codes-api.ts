import { errorFromResponse, type SessionClient } from '@tessera/client';

/** The demo's step-up action, served by scripts/demo-api.ts. */
export const RECOVERY_CODES_URL = '/api/demo/recovery-codes';

export type RecoveryCodesAnswer = { kind: 'codes'; codes: string[] } | { kind: 'step-up' };

/**
 * GET the recovery codes. 403 `step_up_required` is an expected answer (ask for the password,
 * then call again); any other refusal rejects with the SDK's SessionClientError.
 */
export async function fetchRecoveryCodes(client: SessionClient): Promise<RecoveryCodesAnswer> {
  const res = await client.fetch(RECOVERY_CODES_URL);
  if (res.ok) return { kind: 'codes', codes: ((await res.json()) as { codes: string[] }).codes };
  const error = await errorFromResponse(res);
  if (error.kind === 'step_up_required') return { kind: 'step-up' };
  throw error;
}
