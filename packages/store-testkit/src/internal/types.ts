import type { KeyStore, SessionStore } from '@tessera/core';
import type { checker } from './harness.ts';

export type SessionAndKeyStore = SessionStore & KeyStore;
export type Check = ReturnType<typeof checker>;
export type Current<S> = () => S;
