import { Worker } from 'node:worker_threads';
import { type JwsSigner, type SigningAlgorithm, StoreUnavailableError } from '@tessera/core';
import type {
  Ed25519Choice,
  Ed25519Provider,
  SignerReply,
  SignerRequest,
  SignerWorkerData,
} from './signer-protocol.ts';
import { workerExecArgv } from './worker-exec-argv.ts';

interface Pending {
  handle: number;
  input: string;
  resolve(signature: string): void;
  reject(error: unknown): void;
}

/**
 * Access-token signatures on a worker thread (core's EngineOptions.signer). An Ed25519
 * signature is ~35 µs of CPU; on the event loop it is paid by every request in the queue
 * behind it, and Web Crypto's thread-pool jobs cost the event loop nearly as much again in
 * wake-ups. Signing inputs queued during one event-loop turn travel as one message and come
 * back as one; while a batch is being signed, new inputs wait for it and then travel together
 * (each message to an idle thread costs the event loop a wake-up, and a busy thread would only
 * queue them). Under load batches grow to tens of signatures; alone, a signature goes at once.
 *
 * The thread starts on first use and is unref'd while nothing is in flight, so it never keeps
 * the process alive. If it dies, what it held fails as unavailable (the request answers 503;
 * no token is handed out unsigned) and the next signature starts a new thread, to which every
 * key is sent again.
 */
export class SignerThread implements JwsSigner {
  readonly #script: URL;
  readonly #keys = new Map<
    number,
    { alg: SigningAlgorithm; jwk: Readonly<Record<string, unknown>> }
  >();
  #worker: Worker | undefined;
  #queued: Pending[] = [];
  /** Removed keys that queued signatures still need: forgotten right after their batch. */
  #forgetAfterFlush: number[] = [];
  readonly #inFlight = new Map<number, Pending[]>();
  #nextHandle = 0;
  #nextBatch = 0;
  #scheduled = false;
  readonly #ed25519: Ed25519Choice;
  #provider: Ed25519Provider | undefined;
  #providerWaiters: { resolve(provider: Ed25519Provider): void; reject(e: unknown): void }[] = [];

  /**
   * `script`: the thread's entry point (tests substitute one that dies); `ed25519`: see
   * Ed25519Choice (TESSERA_ED25519).
   */
  constructor(
    script = new URL('./signer-worker.ts', import.meta.url),
    ed25519: Ed25519Choice = 'auto',
  ) {
    this.#script = script;
    this.#ed25519 = ed25519;
  }

  /** Which implementation signs Ed25519 (starts the thread if it is not running). */
  async ed25519Provider(): Promise<Ed25519Provider> {
    if (this.#provider !== undefined && this.#worker) return this.#provider;
    const answer = new Promise<Ed25519Provider>((resolve, reject) =>
      this.#providerWaiters.push({ resolve, reject }),
    );
    const worker = this.#ensureWorker();
    worker.ref(); // until the thread has said it
    const provider = await answer;
    if (this.#inFlight.size === 0) this.#worker?.unref();
    return provider;
  }

  async addKey(alg: SigningAlgorithm, privateJwk: Readonly<Record<string, unknown>>) {
    const handle = this.#nextHandle++;
    const key = { alg, jwk: privateJwk };
    this.#keys.set(handle, key);
    // A running thread learns it now; a new one gets every key when it starts.
    this.#worker?.postMessage({ type: 'key', handle, ...key } satisfies SignerRequest);
    return handle;
  }

  /**
   * The thread drops the key once every signature already asked for has been computed: a
   * removal is posted after the inputs queued before it (messages keep their order), so a
   * token whose signing started with the key still gets its signature.
   */
  removeKey(handle: number): void {
    if (!this.#keys.has(handle)) return;
    // Queued signatures still need it (a thread started by their flush gets it too).
    if (this.#queued.some((pending) => pending.handle === handle))
      this.#forgetAfterFlush.push(handle);
    else this.#forget(handle);
  }

  #forget(handle: number): void {
    this.#keys.delete(handle);
    this.#worker?.postMessage({ type: 'forget', handle } satisfies SignerRequest);
  }

  sign(handle: number, input: string): Promise<string> {
    return new Promise((resolve, reject) => {
      this.#queued.push({ handle, input, resolve, reject });
      if (this.#inFlight.size === 0) this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    // After the poll phase: every request of this turn has queued its signature by then.
    setImmediate(() => this.#flush());
  }

  #flush(): void {
    this.#scheduled = false;
    const batch = this.#queued;
    this.#queued = [];
    if (batch.length === 0) return;
    let worker: Worker;
    try {
      worker = this.#ensureWorker();
    } catch (cause) {
      // Runs from setImmediate: a throw here would end the process; fail closed instead.
      const failure = new StoreUnavailableError('The signing thread could not start', { cause });
      for (const pending of batch) pending.reject(failure);
      for (const handle of this.#forgetAfterFlush.splice(0)) this.#forget(handle);
      return;
    }
    const id = this.#nextBatch++;
    this.#inFlight.set(id, batch);
    worker.ref();
    worker.postMessage({
      type: 'batch',
      id,
      inputs: batch.map((p) => [p.handle, p.input]),
    } satisfies SignerRequest);
    for (const handle of this.#forgetAfterFlush.splice(0)) this.#forget(handle);
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(this.#script, {
      workerData: { ed25519: this.#ed25519 } satisfies SignerWorkerData,
      execArgv: workerExecArgv(),
    });
    for (const [handle, key] of this.#keys) {
      worker.postMessage({ type: 'key', handle, ...key } satisfies SignerRequest);
    }
    worker.on('message', (reply: SignerReply) => this.#onReply(reply));
    worker.on('error', (error) => this.#failAll(worker, error));
    worker.on('exit', (code) =>
      this.#failAll(worker, new Error(`signing thread exited (${code})`)),
    );
    this.#worker = worker;
    return worker;
  }

  #onReply(reply: SignerReply): void {
    if ('type' in reply) {
      this.#provider = reply.ed25519;
      for (const waiter of this.#providerWaiters.splice(0)) waiter.resolve(reply.ed25519);
      return;
    }
    const batch = this.#inFlight.get(reply.id);
    if (!batch) return;
    this.#inFlight.delete(reply.id);
    batch.forEach((pending, i) => {
      const signature = reply.signatures[i];
      if (typeof signature === 'string') pending.resolve(signature);
      else pending.reject(new Error('The signing thread could not sign with this key'));
    });
    if (this.#inFlight.size > 0) return;
    // What queued up while the thread was busy goes at once, while it is likely still awake.
    if (this.#queued.length > 0) this.#flush();
    else this.#worker?.unref();
  }

  #failAll(worker: Worker, cause: unknown): void {
    if (this.#worker === worker) this.#worker = undefined;
    const failure = new StoreUnavailableError('The signing thread stopped', { cause });
    for (const batch of this.#inFlight.values())
      for (const pending of batch) pending.reject(failure);
    this.#inFlight.clear();
    for (const waiter of this.#providerWaiters.splice(0)) waiter.reject(failure);
    // Signatures held back while the lost batch was in flight go to the next thread.
    if (this.#queued.length > 0) this.#schedule();
  }
}

const shared = new Map<Ed25519Choice, SignerThread>();

/** The process's signing thread, shared by every engine the server creates. */
export function signerThread(ed25519: Ed25519Choice = 'auto'): SignerThread {
  let thread = shared.get(ed25519);
  if (thread === undefined) {
    thread = new SignerThread(undefined, ed25519);
    shared.set(ed25519, thread);
  }
  return thread;
}
