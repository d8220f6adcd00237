import { describe, expect, it } from 'vitest';
import { formatCountdown, spokenDuration } from './format-countdown.ts';
import { currentMilestone } from './milestones.ts';
import { relativeTime } from './relative-time.ts';

describe('formatCountdown', () => {
  it('pads minutes and seconds and rounds partial seconds up', () => {
    expect(formatCountdown(120_000)).toBe('02:00');
    expect(formatCountdown(59_001)).toBe('01:00');
    expect(formatCountdown(9_500)).toBe('00:10');
    expect(formatCountdown(-5)).toBe('00:00');
  });
  it('speaks whole units', () => {
    expect(spokenDuration(120)).toBe('2 minutes');
    expect(spokenDuration(90)).toBe('1 minute 30 seconds');
    expect(spokenDuration(10)).toBe('10 seconds');
  });
});

describe('currentMilestone', () => {
  it('changes only when a milestone is crossed', () => {
    const seen = new Set<number | null>();
    for (let s = 150; s >= 0; s--) seen.add(currentMilestone(s));
    expect([...seen]).toEqual([null, 120, 60, 30, 10]);
    expect(currentMilestone(61)).toBe(120);
    expect(currentMilestone(60)).toBe(60);
  });
});

describe('relativeTime', () => {
  const now = Date.parse('2026-01-01T12:00:00Z');
  it('says just now under a minute', () => {
    expect(relativeTime(now - 20_000, now, 'en')).toBe('just now');
  });
  it('uses the largest whole unit', () => {
    expect(relativeTime(now - 5 * 60_000, now, 'en')).toBe('5 minutes ago');
    expect(relativeTime(now - 2 * 3600_000, now, 'en')).toBe('2 hours ago');
    expect(relativeTime(now - 26 * 3600_000, now, 'en')).toBe('yesterday');
  });
});
