// The signing thread (see signer-thread.ts): holds private keys as KeyObjects and answers each
// batch of signing inputs with one message of signatures, computed synchronously by OpenSSL.
import {
  createHmac,
  createPrivateKey,
  createSecretKey,
  type JsonWebKey,
  type KeyObject,
  sign,
} from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import type { SignerReply, SignerRequest } from './signer-protocol.ts';

const port = parentPort!;
const keys = new Map<number, (input: string) => string>();

function signerFor(alg: string, jwk: JsonWebKey): (input: string) => string {
  if (alg === 'HS256') {
    const secret: KeyObject = createSecretKey(Buffer.from(String(jwk.k), 'base64url'));
    return (input) => createHmac('sha256', secret).update(input).digest('base64url');
  }
  const key = createPrivateKey({ key: jwk, format: 'jwk' });
  if (alg === 'EdDSA') return (input) => sign(null, Buffer.from(input), key).toString('base64url');
  if (alg === 'ES256') {
    // JWS wants r||s (IEEE P1363), not OpenSSL's default DER.
    return (input) =>
      sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url');
  }
  throw new Error(`Unsupported algorithm ${alg}`);
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
  const signatures = message.inputs.map(([handle, input]) => {
    const signWith = keys.get(handle);
    try {
      return signWith ? signWith(input) : null;
    } catch {
      return null;
    }
  });
  port.postMessage({ id: message.id, signatures } satisfies SignerReply);
});
