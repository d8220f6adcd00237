import { ConfigError } from '@tessera/core';

/**
 * `redis://host:6379/0?prefix=app:` → the URL without `prefix` (ioredis does not know it) and
 * the prefix. `option` names the setting in errors.
 */
export function splitPrefix(
  raw: string,
  option: string,
): { url: string; prefix: string | undefined } {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(option, 'is not a URL');
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new ConfigError(option, 'must start with redis:// or rediss://');
  }
  const prefix = parsed.searchParams.get('prefix') ?? undefined;
  parsed.searchParams.delete('prefix');
  if (prefix !== undefined) checkPrefix(prefix, option);
  return { url: parsed.toString(), prefix };
}

/**
 * A key prefix must not contain braces: Redis Cluster hashes only the first `{…}` of a key, so
 * a brace in the prefix would move or hide the store's own hash tags (`x{}` makes every
 * multi-key script fail with CROSSSLOT, `a{b}:` puts every key on one slot). Returns it.
 */
export function checkPrefix(prefix: string, option: string): string {
  if (/[{}\s]/.test(prefix)) {
    throw new ConfigError(option, 'prefix must not contain braces or spaces');
  }
  return prefix;
}
