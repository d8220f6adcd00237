import { useEffect, useRef, useState } from 'react';
import { spokenDuration } from './format-countdown.ts';
import { currentMilestone } from './milestones.ts';

export interface Announcement {
  text: string;
  /** Last 30 seconds interrupt; earlier milestones wait their turn. */
  politeness: 'polite' | 'assertive';
}

const SILENT: Announcement = { text: '', politeness: 'polite' };

/**
 * What the warning's live region should say: only when the countdown crosses a milestone after
 * the warning opened (the alertdialog itself is announced when it appears).
 */
export function useMilestoneAnnouncement(
  open: boolean,
  remainingSeconds: number,
  milestones: readonly number[],
): Announcement {
  const milestone = open ? currentMilestone(remainingSeconds, milestones) : null;
  const last = useRef<number | null | undefined>(undefined);
  const [announcement, setAnnouncement] = useState<Announcement>(SILENT);
  useEffect(() => {
    if (!open) {
      last.current = undefined;
      setAnnouncement(SILENT);
      return;
    }
    if (last.current === undefined) {
      last.current = milestone;
      return;
    }
    if (milestone === null || milestone === last.current) return;
    last.current = milestone;
    setAnnouncement({
      text: `Your session will expire in ${spokenDuration(milestone)} due to inactivity.`,
      politeness: milestone <= 30 ? 'assertive' : 'polite',
    });
  }, [open, milestone]);
  return announcement;
}
