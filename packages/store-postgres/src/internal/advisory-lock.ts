/**
 * Advisory locks use the two-key form: a fixed class id for Tessera ("tess" in ASCII) and
 * hashtext('<schema>:<name>'), so two Tessera schemas in one database never share a lock
 * and other applications' advisory locks are unlikely to collide.
 */
export const LOCK_CLASS_ID = 0x74657373;

export function lockObjectName(schema: string, name: string): string {
  return `${schema}:${name}`;
}
