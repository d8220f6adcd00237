import { spawnSync } from 'node:child_process';
import {
  compactVerify,
  exportJWK,
  generateKeyPair,
  generateSecret,
  importJWK,
  type JWK,
} from 'jose';
import { describe, expect, it } from 'vitest';
import { SignerThread } from './signer-thread.ts';

const fixture = (name: string) => new URL(`../../test/fixtures/${name}`, import.meta.url);
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const signingInput = (alg: string) => `${b64({ alg, typ: 'at+jwt' })}.${b64({ sub: 'u1' })}`;

async function keyPair(alg: 'EdDSA' | 'ES256') {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { privateJwk: await exportJWK(privateKey), publicKey };
}

describe('SignerThread', () => {
  for (const alg of ['EdDSA', 'ES256'] as const) {
    it(`${alg}: signatures verify with the public key (JWS, not DER)`, async () => {
      const signer = new SignerThread();
      const { privateJwk, publicKey } = await keyPair(alg);
      const handle = await signer.addKey(alg, privateJwk);
      const input = signingInput(alg);
      const token = `${input}.${await signer.sign(handle, input)}`;
      const { payload } = await compactVerify(token, publicKey);
      expect(JSON.parse(new TextDecoder().decode(payload))).toEqual({ sub: 'u1' });
      // A token signed for another input does not verify.
      const forged = `${signingInput('x')}.${token.split('.')[2]}`;
      await expect(compactVerify(forged, publicKey)).rejects.toThrow();
    });
  }

  describe('Ed25519 by libsodium (optional sodium-native) or OpenSSL', () => {
    // Installed with the workspace (optionalDependencies); where it cannot load, `auto` must fall
    // back to OpenSSL, and this expectation follows.
    const sodiumLoads = import('sodium-native' as string).then(
      () => true,
      () => false,
    );

    it('auto takes libsodium when it loads; openssl never does', async () => {
      const expected = (await sodiumLoads) ? 'libsodium' : 'openssl';
      expect(await new SignerThread().ed25519Provider()).toBe(expected);
      expect(await new SignerThread(undefined, 'openssl').ed25519Provider()).toBe('openssl');
    });

    it('both produce the same signature, byte for byte (RFC 8032 is deterministic)', async () => {
      const auto = new SignerThread();
      const openssl = new SignerThread(undefined, 'openssl');
      const { privateJwk, publicKey } = await keyPair('EdDSA');
      const [a, o] = [
        await auto.addKey('EdDSA', privateJwk),
        await openssl.addKey('EdDSA', privateJwk),
      ];
      for (const sub of ['u1', 'u2', 'x'.repeat(500)]) {
        const input = `${b64({ alg: 'EdDSA' })}.${b64({ sub })}`;
        const signature = await auto.sign(a, input);
        expect(signature).toBe(await openssl.sign(o, input));
        await expect(compactVerify(`${input}.${signature}`, publicKey)).resolves.toBeTruthy();
      }
    });

    it('a JWK whose public half is not its seed’s is refused, not used', async () => {
      const signer = new SignerThread();
      const { privateJwk } = await keyPair('EdDSA');
      const other = await keyPair('EdDSA');
      const handle = await signer.addKey('EdDSA', { ...privateJwk, x: other.privateJwk.x });
      const outcome = signer.sign(handle, 'a.b');
      if ((await signer.ed25519Provider()) === 'libsodium')
        await expect(outcome).rejects.toThrow('could not sign');
      else await outcome.catch(() => undefined); // OpenSSL's JWK import decides for itself
    });
  });

  it('HS256: the MAC verifies with the secret', async () => {
    const signer = new SignerThread();
    const secret = await generateSecret('HS256', { extractable: true });
    const jwk = await exportJWK(secret);
    const handle = await signer.addKey('HS256', jwk);
    const input = signingInput('HS256');
    const token = `${input}.${await signer.sign(handle, input)}`;
    await expect(compactVerify(token, await importJWK(jwk as JWK, 'HS256'))).resolves.toBeTruthy();
  });

  it('an unknown key is an error, and the thread goes on signing', async () => {
    const signer = new SignerThread();
    const { privateJwk } = await keyPair('EdDSA');
    const handle = await signer.addKey('EdDSA', privateJwk);
    await expect(signer.sign(handle + 1, 'a.b')).rejects.toThrow('could not sign');
    await expect(signer.sign(handle, 'a.b')).resolves.toMatch(/^[\w-]{86}$/);
  });

  it('signatures asked for in one event-loop turn travel as one message', async () => {
    const signer = new SignerThread(fixture('signer-counts-batch.ts'));
    const first = await Promise.all(Array.from({ length: 40 }, () => signer.sign(0, 'a.b')));
    expect(new Set(first)).toEqual(new Set(['40']));
    const later = await signer.sign(0, 'a.b');
    expect(later).toBe('1');
  });

  it('while a batch is being signed, inputs of later turns wait for it and travel together', async () => {
    const signer = new SignerThread(fixture('signer-holds-until-key.ts'));
    const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
    const first = signer.sign(0, 'a.b');
    await nextTurn(); // sent: the fixture holds it
    const second = signer.sign(0, 'a.b');
    await nextTurn();
    const third = signer.sign(0, 'a.b');
    await nextTurn();
    // A key message is never held back; the fixture answers the first batch when it arrives.
    await signer.addKey('HS256', { kty: 'oct', k: 'AAAA' });
    expect(await first).toBe('1');
    expect([await second, await third]).toEqual(['2', '2']);
  });

  describe('removeKey (a retired key)', () => {
    const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

    it('signatures asked for before the removal still get theirs; later ones fail', async () => {
      const signer = new SignerThread();
      const { privateJwk, publicKey } = await keyPair('EdDSA');
      const handle = await signer.addKey('EdDSA', privateJwk);
      const input = signingInput('EdDSA');
      const queued = signer.sign(handle, input); // not yet sent when the key is removed
      signer.removeKey(handle);
      await expect(compactVerify(`${input}.${await queued}`, publicKey)).resolves.toBeTruthy();
      await expect(signer.sign(handle, input)).rejects.toThrow('could not sign');
    });

    it('a signature already sent to the thread is computed before the key goes', async () => {
      const signer = new SignerThread();
      const { privateJwk, publicKey } = await keyPair('EdDSA');
      const handle = await signer.addKey('EdDSA', privateJwk);
      const input = signingInput('EdDSA');
      const sent = signer.sign(handle, input);
      await nextTurn(); // the batch is posted
      signer.removeKey(handle);
      await expect(compactVerify(`${input}.${await sent}`, publicKey)).resolves.toBeTruthy();
      await expect(signer.sign(handle, input)).rejects.toThrow('could not sign');
    });

    it('other keys keep signing, and a restarted thread is not given the removed key', async () => {
      const signer = new SignerThread(fixture('signer-dies-on-request.ts'));
      const removed = await signer.addKey('EdDSA', (await keyPair('EdDSA')).privateJwk);
      const { privateJwk, publicKey } = await keyPair('EdDSA');
      const kept = await signer.addKey('EdDSA', privateJwk);
      signer.removeKey(removed);
      await expect(signer.sign(kept, 'die')).rejects.toMatchObject({ code: 'unavailable' });
      const input = signingInput('EdDSA');
      const token = `${input}.${await signer.sign(kept, input)}`;
      await expect(compactVerify(token, publicKey)).resolves.toBeTruthy();
      await expect(signer.sign(removed, input)).rejects.toThrow('could not sign');
    });
  });

  it('a thread that dies fails what it held as unavailable; the next one has every key', async () => {
    const signer = new SignerThread(fixture('signer-dies-on-request.ts'));
    const { privateJwk, publicKey } = await keyPair('EdDSA');
    const handle = await signer.addKey('EdDSA', privateJwk);
    await expect(signer.sign(handle, 'die')).rejects.toMatchObject({ code: 'unavailable' });
    const input = signingInput('EdDSA');
    const token = `${input}.${await signer.sign(handle, input)}`;
    await expect(compactVerify(token, publicKey)).resolves.toBeTruthy();
  });

  it('a thread that cannot start fails the signature as unavailable (no crash)', async () => {
    // Only file: and data: URLs can start a worker: the constructor throws synchronously.
    const signer = new SignerThread(new URL('https://signer.invalid/worker.js'));
    await expect(signer.sign(0, 'a.b')).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('never keeps the process alive once its signatures are answered', () => {
    const child = signInChildProcess(['--input-type=module']);
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    expect(child.stdout).toMatch(/^[\w-]{86}$/);
  });

  it('starts in a process run with process-wide Node flags (--max-old-space-size)', () => {
    // Passed to the thread in an explicit execArgv, such a flag makes the Worker constructor
    // throw: every signature failed as unavailable.
    const child = signInChildProcess(['--max-old-space-size=256']);
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    expect(child.stdout).toMatch(/^[\w-]{86}$/);
  });
});

/** Signs once in a new Node process started with `flags`; prints the signature. */
function signInChildProcess(flags: string[]) {
  return spawnSync(
    process.execPath,
    [
      ...flags,
      '--no-warnings',
      '-e',
      `import { generateKeyPair, exportJWK } from 'jose';
       import { SignerThread } from ${JSON.stringify(new URL('./signer-thread.ts', import.meta.url).pathname)};
       const signer = new SignerThread();
       const { privateKey } = await generateKeyPair('EdDSA', { extractable: true });
       const handle = await signer.addKey('EdDSA', await exportJWK(privateKey));
       process.stdout.write(await signer.sign(handle, 'a.b'));`,
    ],
    { encoding: 'utf8', timeout: 15_000, cwd: new URL('../..', import.meta.url).pathname },
  );
}
