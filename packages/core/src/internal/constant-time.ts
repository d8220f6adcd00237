/**
 * Compares two strings without an early exit on the first differing character, so the time
 * taken does not reveal how much of a secret matched. Lengths are not secret (hashes are fixed).
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const length = Math.max(a.length, b.length);
  let diff = a.length ^ b.length;
  for (let i = 0; i < length; i++) {
    diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  }
  return diff === 0;
}
