import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.ts';
import { parseDuration } from './parse-duration.ts';

describe('parseDuration', () => {
  it.each([
    [1500, 1500],
    ['900', 900_000],
    ['250ms', 250],
    ['30s', 30_000],
    ['15m', 900_000],
    ['12h', 43_200_000],
    ['30d', 2_592_000_000],
    [' 15m ', 900_000],
    ['1.5s', 1500],
  ])('parses %j', (input, expected) => {
    expect(parseDuration(input)).toBe(expected);
  });

  it.each([
    ['abc'],
    ['15x'],
    ['-5m'],
    [''],
    ['m'],
    ['15 m'],
    [-1],
    [Number.NaN],
    [Number.POSITIVE_INFINITY],
    ['1e3'],
  ])('rejects %j with the option named', (input) => {
    const error = catchError(() => parseDuration(input, 'accessTtl'));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('invalid_config');
    expect((error as ConfigError).option).toBe('accessTtl');
  });

  it('rejects zero unless allowed', () => {
    expect(() => parseDuration(0, 'idleTimeout')).toThrow(ConfigError);
    expect(() => parseDuration('0s', 'idleTimeout')).toThrow(ConfigError);
    expect(parseDuration('0s', 'refreshGrace', { allowZero: true })).toBe(0);
  });

  it('rejects non-string, non-number input', () => {
    expect(() => parseDuration({} as unknown as string, 'x')).toThrow(ConfigError);
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}
