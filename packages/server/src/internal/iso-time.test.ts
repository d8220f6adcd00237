import { describe, expect, it } from 'vitest';
import { iso } from './iso-time.ts';

const platform = (ms: number) => new Date(ms).toISOString();

describe('iso', () => {
  it('matches Date#toISOString on edges: epoch, leap days, century rules, last ms of 9999', () => {
    const edges = [
      0,
      1,
      999,
      Date.UTC(1972, 1, 29, 23, 59, 59, 999),
      Date.UTC(2000, 1, 29), // divisible by 400: leap
      Date.UTC(2100, 1, 28, 12), // divisible by 100: not leap
      Date.UTC(2100, 2, 1),
      Date.UTC(2026, 11, 31, 23, 59, 59, 999),
      Date.UTC(2027, 0, 1),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
      1_796_445_260_069.9, // fractions are truncated, as Date does
    ];
    for (const ms of edges) expect(iso(ms)).toBe(platform(ms));
  });

  it('matches Date#toISOString on 200,000 random instants between 1970 and 9999', () => {
    const limit = Date.UTC(10000, 0, 1);
    for (let i = 0; i < 200_000; i++) {
      const ms = Math.floor(Math.random() * limit);
      const ours = iso(ms);
      if (ours !== platform(ms)) expect(ours).toBe(platform(ms)); // one readable failure
    }
  });

  it('stays exact when seconds repeat or share a cache slot', () => {
    const base = Date.UTC(2026, 11, 6, 3, 30, 15);
    // The same second with other milliseconds, then seconds 64 apart (the same slot) in turn.
    const instants = [base, base + 1, base + 999, base + 64_000, base + 5, base + 64_999, base];
    for (let day = 0; day < 3; day++) instants.push(base + day * 86_400_000 + 7);
    for (const ms of [...instants, ...instants]) expect(iso(ms)).toBe(platform(ms));
  });

  it('defers to Date outside 1970–9999, errors included', () => {
    expect(iso(-1)).toBe('1969-12-31T23:59:59.999Z');
    expect(iso(Date.UTC(10000, 0, 1))).toBe('+010000-01-01T00:00:00.000Z');
    expect(() => iso(Number.NaN)).toThrow(RangeError);
  });
});
