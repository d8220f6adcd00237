// Parsers for single configuration values. Each throws ConfigError naming the option in its
// environment form, and never echoes a secret value back.
import { BlockList, isIP } from 'node:net';
import { ConfigError, parseDuration } from '@tessera/core';
import type { RoleTimeouts } from './server-config.ts';

export function durationMs(option: string, raw: string): number {
  return parseDuration(raw, option);
}

export function integer(option: string, raw: string, min: number, max: number): number {
  const value = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConfigError(option, `expected an integer from ${min} to ${max}`);
  }
  return value;
}

export function boolean(option: string, raw: string): boolean {
  const value = raw.trim().toLowerCase();
  if (value === 'true' || value === '1' || value === 'yes') return true;
  if (value === 'false' || value === '0' || value === 'no') return false;
  throw new ConfigError(option, 'expected true or false');
}

export function oneOf<T extends string>(option: string, raw: string, values: readonly T[]): T {
  const found = values.find((v) => v === raw.trim());
  if (found === undefined) throw new ConfigError(option, `expected one of ${values.join(', ')}`);
  return found;
}

export function nonEmpty(option: string, raw: string): string {
  const value = raw.trim();
  if (value === '') throw new ConfigError(option, 'must not be empty');
  return value;
}

export function url(option: string, raw: string, schemes: readonly string[]): string {
  const value = nonEmpty(option, raw);
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1]?.toLowerCase();
  if (scheme === undefined || !schemes.includes(scheme)) {
    throw new ConfigError(option, `expected a URL with scheme ${schemes.join(', ')}`);
  }
  return value;
}

/** `false`, `true`, or a comma list of IPs / CIDRs (validated here, matched by the app). */
export function trustProxy(option: string, raw: string): boolean | readonly string[] {
  const value = raw.trim().toLowerCase();
  if (value === '' || value === 'false' || value === '0') return false;
  if (value === 'true' || value === '1') return true;
  const entries = list(value);
  const probe = new BlockList();
  for (const entry of entries) {
    if (!addCidr(probe, entry)) throw new ConfigError(option, 'expected true, false or CIDRs');
  }
  return Object.freeze(entries);
}

/** Adds `a.b.c.d/n`, `x::/n` or a bare address to the list; false when it is malformed. */
export function addCidr(blocks: BlockList, entry: string): boolean {
  const [address = '', prefixText] = entry.split('/');
  const family = isIP(address);
  if (family === 0) return false;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  const maxPrefix = family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? maxPrefix : Number(prefixText);
  if (!/^\d+$/.test(prefixText ?? `${maxPrefix}`) || prefix > maxPrefix) return false;
  blocks.addSubnet(address, prefix, type);
  return true;
}

export function origins(option: string, raw: string): readonly string[] {
  return Object.freeze(
    list(raw).map((entry) => {
      let parsed: URL;
      try {
        parsed = new URL(entry);
      } catch {
        throw new ConfigError(
          option,
          'expected a comma list of origins such as https://app.example.com',
        );
      }
      const ok =
        (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.pathname === '/';
      if (!ok || parsed.search !== '' || parsed.hash !== '' || parsed.username !== '') {
        throw new ConfigError(option, 'expected origins only (scheme://host[:port], no path)');
      }
      return parsed.origin;
    }),
  );
}

/** 32 bytes in base64 or base64url (padding optional). The value itself never reaches a message. */
export function dataKey(option: string, raw: string): Uint8Array {
  const value = raw.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) {
    throw new ConfigError(option, 'expected 32 bytes encoded as base64 or base64url');
  }
  const bytes = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (bytes.length !== 32) {
    throw new ConfigError(option, 'expected exactly 32 bytes encoded as base64 or base64url');
  }
  return new Uint8Array(bytes);
}

export function rolePolicies(option: string, raw: string): Record<string, Readonly<RoleTimeouts>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError(option, 'expected JSON such as {"admin":{"idleTimeout":"10m"}}');
  }
  if (!isPlainObject(parsed)) throw new ConfigError(option, 'expected a JSON object of roles');
  const result: Record<string, Readonly<RoleTimeouts>> = {};
  for (const [role, policy] of Object.entries(parsed)) {
    if (!isPlainObject(policy)) throw new ConfigError(option, `role ${role}: expected an object`);
    const timeouts: RoleTimeouts = {};
    for (const [key, value] of Object.entries(policy)) {
      if (key !== 'idleTimeout' && key !== 'absoluteTimeout') {
        throw new ConfigError(option, `role ${role}: unknown key ${key}`);
      }
      if (typeof value !== 'string' && typeof value !== 'number') {
        throw new ConfigError(option, `role ${role}: ${key} must be a duration`);
      }
      timeouts[key === 'idleTimeout' ? 'idleTimeoutMs' : 'absoluteTimeoutMs'] = durationMs(
        option,
        String(value),
      );
    }
    result[role] = Object.freeze(timeouts);
  }
  return result;
}

function list(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
