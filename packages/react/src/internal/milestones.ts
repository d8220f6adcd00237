/**
 * Seconds-remaining points at which the timeout warning speaks. Announcing every second would
 * flood screen readers (WCAG 4.1.3 asks for status messages, not a running commentary).
 */
export const DEFAULT_MILESTONES_SECONDS: readonly number[] = [120, 60, 30, 10];

/**
 * The milestone the countdown has most recently crossed: the smallest milestone that is still
 * ≥ the remaining seconds, or null before the first one. Changes only a few times per warning,
 * so a live region bound to it announces only then.
 */
export function currentMilestone(
  remainingSeconds: number,
  milestones: readonly number[] = DEFAULT_MILESTONES_SECONDS,
): number | null {
  let crossed: number | null = null;
  for (const m of milestones) {
    if (remainingSeconds <= m && (crossed === null || m < crossed)) crossed = m;
  }
  return crossed;
}
