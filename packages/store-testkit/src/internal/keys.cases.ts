import type { SigningKeyRecord } from '@tessera/core';
import { expect } from 'vitest';
import { T0 } from '../fixtures.ts';
import type { Check, Current, SessionAndKeyStore } from './types.ts';

const key = (kid: string, createdAt: number, alg: SigningKeyRecord['alg'] = 'EdDSA') => ({
  kid,
  alg,
  privateJwk: JSON.stringify({ kty: 'OKP', crv: 'Ed25519', d: `d-${kid}`, x: `x-${kid}` }),
  publicJwk: alg === 'HS256' ? null : JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x: `x-${kid}` }),
  createdAt,
  retiredAt: null,
});

const sortByKid = (keys: SigningKeyRecord[]) =>
  [...keys].sort((a, b) => a.kid.localeCompare(b.kid));

export function keyCases(store: Current<SessionAndKeyStore>, check: Check): void {
  check('addKey then listKeys returns every field', async () => {
    expect(await store().listKeys()).toEqual([]);
    const k1 = key('k1', T0);
    const k2 = key('k2', T0 + 1, 'HS256');
    await store().addKey(k1);
    await store().addKey(k2);
    expect(sortByKid(await store().listKeys())).toEqual([k1, k2]);
  });

  check('retireKeys retires all but the given key, once', async () => {
    await store().addKey(key('k1', T0));
    await store().addKey(key('k2', T0 + 1));
    await store().retireKeys('k2', T0 + 10);
    await store().addKey(key('k3', T0 + 2));
    await store().retireKeys('k3', T0 + 20);
    const retired = Object.fromEntries((await store().listKeys()).map((k) => [k.kid, k.retiredAt]));
    expect(retired).toEqual({ k1: T0 + 10, k2: T0 + 20, k3: null });
  });

  check('deleteRetired deletes keys retired before the cut-off and counts them', async () => {
    await store().addKey(key('k1', T0));
    await store().addKey(key('k2', T0 + 1));
    await store().retireKeys('k2', T0 + 10);
    await store().addKey(key('k3', T0 + 2));
    await store().retireKeys('k3', T0 + 20);
    expect(await store().deleteRetired(T0 + 10)).toBe(0);
    expect(await store().deleteRetired(T0 + 15)).toBe(1);
    expect((await store().listKeys()).map((k) => k.kid).sort()).toEqual(['k2', 'k3']);
  });
}
