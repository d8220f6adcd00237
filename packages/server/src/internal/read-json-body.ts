import type { z } from 'zod';
import { HttpProblem } from './http-problem.ts';

/** Largest request body accepted (bytes). */
export const MAX_BODY_BYTES = 16 * 1024;

/**
 * Read and validate a JSON body. Rules, in order: a Content-Type other than application/json
 * ⇒ 415 (a body without one ⇒ 415 too); Content-Length or the actual stream over 16 KiB ⇒ 413;
 * malformed JSON ⇒ 400; schema mismatch, wrong types or unknown fields ⇒ 400 with issues.
 * An empty body counts as `{}`, so body-less POSTs (extend, logout) need no Content-Type.
 */
export async function readJsonBody<S extends z.ZodType>(
  request: Request,
  schema: S,
): Promise<z.output<S>> {
  const text = await readText(request);
  let value: unknown = {};
  if (text.trim() !== '') {
    try {
      value = JSON.parse(text);
    } catch {
      throw new HttpProblem('invalid_request', { detail: 'The body is not valid JSON' });
    }
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.'),
      message: issue.message,
    }));
    throw new HttpProblem('invalid_request', { issues });
  }
  return result.data;
}

// Stateless when used without `stream`, so one instance serves every request.
const utf8 = new TextDecoder('utf-8', { fatal: true });

async function readText(request: Request): Promise<string> {
  const type = request.headers.get('content-type');
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > MAX_BODY_BYTES)
    throw new HttpProblem('payload_too_large');
  if (type !== null && !isJson(type)) throw new HttpProblem('unsupported_media_type');
  const bytes = await readBody(request, declared);
  if (bytes.byteLength > 0 && type === null) throw new HttpProblem('unsupported_media_type');
  try {
    return utf8.decode(bytes);
  } catch {
    throw new HttpProblem('invalid_request', { detail: 'The body is not valid UTF-8' });
  }
}

function isJson(contentType: string): boolean {
  const essence = contentType.split(';')[0]?.trim().toLowerCase();
  return essence === 'application/json';
}

/**
 * With a Content-Length within the cap, the HTTP parser delivers exactly that many bytes, so
 * the body is read in one go (@hono/node-server reads it straight from the socket, without a
 * web stream). Without one (chunked), the stream is read with the running cap.
 */
async function readBody(request: Request, declared: string | null): Promise<Uint8Array> {
  if (declared !== null && /^\d+$/.test(declared)) {
    const bytes = new Uint8Array(await request.arrayBuffer());
    if (bytes.byteLength > MAX_BODY_BYTES) throw new HttpProblem('payload_too_large');
    return bytes;
  }
  if (request.body === null) return new Uint8Array(0);
  return readCapped(request.body);
}

/** Reads the stream, stopping (and cancelling it) as soon as it passes the cap. */
async function readCapped(body: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw new HttpProblem('payload_too_large');
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
