import { ConfigError } from '../errors.ts';
import type { Duration } from './options.ts';

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

const PATTERN = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/;

/**
 * Converts a {@link Duration} to milliseconds. A number is milliseconds; a string is a number
 * of seconds (`900`) or a number with a unit (`250ms`, `30s`, `15m`, `12h`, `30d`).
 * Throws ConfigError naming `option` for anything else, and for negative or non-finite values;
 * zero is allowed only with `allowZero`.
 */
export function parseDuration(
  value: Duration,
  option = 'duration',
  { allowZero = false }: { allowZero?: boolean } = {},
): number {
  const ms = toMilliseconds(value, option);
  if (!Number.isFinite(ms) || ms < 0 || !Number.isSafeInteger(Math.round(ms))) {
    throw new ConfigError(option, 'must be a finite, non-negative duration');
  }
  if (ms === 0 && !allowZero) throw new ConfigError(option, 'must be greater than zero');
  return Math.round(ms);
}

function toMilliseconds(value: Duration, option: string): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') {
    throw new ConfigError(option, 'must be a number of milliseconds or a string like "15m"');
  }
  const match = PATTERN.exec(value.trim());
  if (!match) throw new ConfigError(option, 'must look like 900, 250ms, 30s, 15m, 12h or 30d');
  const amount = Number(match[1]);
  const unit = match[2] ?? 's';
  return amount * (UNIT_MS[unit] ?? Number.NaN);
}
