import { ERROR_STATUS, type ErrorCode, Headers as H } from '@tessera/protocol';
import { z } from 'zod';
import { ROUTE_DOCS, type RouteDoc } from './openapi-routes.ts';
import { ProblemSchema } from './schemas.ts';

type Json = Record<string, unknown>;

function schema(zodSchema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(zodSchema, {
    io,
    unrepresentable: 'any',
  }) as Json;
  return rest;
}

const problemContent = {
  'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
};

function operation(doc: RouteDoc): Json {
  const responses: Json = {};
  responses[String(doc.ok.status)] = {
    description: 'Success',
    ...(doc.ok.schema !== null
      ? { content: { 'application/json': { schema: schema(doc.ok.schema, 'output') } } }
      : {}),
    ...(doc.ok.contentType !== undefined && doc.ok.schema === null
      ? { content: { [doc.ok.contentType]: {} } }
      : {}),
  };
  const codes = [
    ...doc.errors,
    ...(doc.body ? ['invalid_request', 'payload_too_large', 'unsupported_media_type'] : []),
    'unavailable',
  ];
  for (const code of new Set(codes)) {
    const status = String(ERROR_STATUS[code as ErrorCode]);
    const existing = responses[status] as { description: string } | undefined;
    responses[status] = {
      description: existing ? `${existing.description}, ${code}` : code,
      content: problemContent,
    };
  }
  const op: Json = {
    summary: doc.summary,
    operationId: `${doc.method}${doc.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, ch: string | undefined) => (ch ?? '').toUpperCase())}`,
    responses,
  };
  if (doc.auth === 'bearer') op.security = [{ bearer: [] }];
  if (doc.auth === 'refresh') op.security = [{ refreshCookie: [] }, {}];
  if (doc.auth === 'bearer+refresh')
    op.security = [{ bearer: [], refreshCookie: [] }, { bearer: [] }];
  if (doc.body)
    op.requestBody = {
      required: false,
      content: { 'application/json': { schema: schema(doc.body, 'input') } },
    };
  if (doc.path.includes(':id'))
    op.parameters = [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }];
  if (doc.auth !== 'none') {
    op.parameters = [
      ...((op.parameters as Json[]) ?? []),
      {
        name: H.sessionActivity,
        in: 'header',
        required: false,
        schema: { type: 'string', enum: ['passive'] },
      },
    ];
  }
  return op;
}

/** OpenAPI 3.1 document built from the route table and the validating zod schemas. */
export function buildOpenApi(): Json {
  const paths: Record<string, Json> = {};
  for (const doc of ROUTE_DOCS) {
    const path = doc.path.replace(/:([A-Za-z]+)/g, '{$1}');
    paths[path] = { ...(paths[path] ?? {}), [doc.method]: operation(doc) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tessera',
      version: '0.1.0',
      description: 'Session management API. Errors are RFC 9457 problem+json.',
    },
    paths,
    components: {
      schemas: { Problem: schema(ProblemSchema, 'output') },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        refreshCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: '__Secure-tessera-refresh',
          description: `Cookie transport; state changes also need the ${H.csrf} header.`,
        },
      },
    },
  };
}
