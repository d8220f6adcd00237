// The signing thread (see signer-thread.ts): holds private keys and answers each batch of
// signing inputs with one message of signatures, computed synchronously: Ed25519 by libsodium
// when the optional sodium-native package is installed (and not refused by configuration),
// everything else, and Ed25519 otherwise, by OpenSSL through node:crypto.
import {
  createHmac,
  createPrivateKey,
  createSecretKey,
  type JsonWebKey,
  type KeyObject,
  sign,
} from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import type { SignerReply, SignerRequest, SignerWorkerData } from './signer-protocol.ts';

/** The part of sodium-native used here (the package has no types of its own). */
interface Sodium {
  crypto_sign_seed_keypair(pk: Buffer, sk: Buffer, seed: Buffer): void;
  crypto_sign_detached(signature: Buffer, message: Buffer, sk: Buffer): void;
  sodium_malloc(size: number): Buffer;
  sodium_mprotect_readonly(buffer: Buffer): void;
  sodium_free(buffer: Buffer): void;
}

/** A private key as the thread holds it; `forget` wipes what can be wiped. */
interface HeldKey {
  sign(input: string): string;
  forget?(): void;
}

const port = parentPort!;
const keys = new Map<number, HeldKey>();
const { ed25519 } = workerData as SignerWorkerData;
const sodium = ed25519 === 'auto' ? await loadSodium() : null;

async function loadSodium(): Promise<Sodium | null> {
  try {
    // A variable specifier: the package is optional, so neither tsc nor a bundler may insist.
    const name = 'sodium-native';
    const loaded = (await import(name)) as { default?: Sodium } & Sodium;
    return loaded.default ?? loaded;
  } catch {
    return null; // not installed, or no binary for this platform: OpenSSL signs
  }
}

function signerFor(alg: string, jwk: JsonWebKey): HeldKey {
  if (alg === 'HS256') {
    const secret: KeyObject = createSecretKey(Buffer.from(String(jwk.k), 'base64url'));
    return { sign: (input) => createHmac('sha256', secret).update(input).digest('base64url') };
  }
  if (alg === 'EdDSA' && sodium) return libsodiumEd25519(sodium, jwk);
  const key = createPrivateKey({ key: jwk, format: 'jwk' });
  if (alg === 'EdDSA')
    return { sign: (input) => sign(null, Buffer.from(input), key).toString('base64url') };
  if (alg === 'ES256') {
    // JWS wants r||s (IEEE P1363), not OpenSSL's default DER.
    return {
      sign: (input) =>
        sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }).toString(
          'base64url',
        ),
    };
  }
  throw new Error(`Unsupported algorithm ${alg}`);
}

/**
 * The key pair is derived from the JWK's seed (`d`) into guarded memory (sodium_malloc,
 * read-only once written); a JWK whose public half (`x`) is not that seed's is refused, since
 * its tokens would fail verification against the published key.
 */
function libsodiumEd25519(lib: Sodium, jwk: JsonWebKey): HeldKey {
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519') throw new Error('Not an Ed25519 JWK');
  const seed = Buffer.from(String(jwk.d), 'base64url');
  const publicKey = Buffer.alloc(32);
  const secretKey = lib.sodium_malloc(64);
  lib.crypto_sign_seed_keypair(publicKey, secretKey, seed);
  seed.fill(0);
  lib.sodium_mprotect_readonly(secretKey);
  if (publicKey.toString('base64url') !== jwk.x) throw new Error('Ed25519 JWK: x is not d’s');
  return {
    sign(input) {
      const signature = Buffer.allocUnsafe(64);
      lib.crypto_sign_detached(signature, Buffer.from(input), secretKey);
      return signature.toString('base64url');
    },
    // Zeroed and unmapped at once, not whenever the collector gets to the buffer.
    forget: () => lib.sodium_free(secretKey),
  };
}

port.on('message', (message: SignerRequest) => {
  if (message.type === 'key') {
    try {
      keys.set(message.handle, signerFor(message.alg, message.jwk as JsonWebKey));
    } catch {
      keys.delete(message.handle); // signs with it are answered with null (an error)
    }
    return;
  }
  if (message.type === 'forget') {
    keys.get(message.handle)?.forget?.();
    keys.delete(message.handle);
    return;
  }
  const signatures = message.inputs.map(([handle, input]) => {
    const key = keys.get(handle);
    try {
      return key ? key.sign(input) : null;
    } catch {
      return null;
    }
  });
  port.postMessage({ id: message.id, signatures } satisfies SignerReply);
});

port.postMessage({
  type: 'ready',
  ed25519: sodium ? 'libsodium' : 'openssl',
} satisfies SignerReply);
