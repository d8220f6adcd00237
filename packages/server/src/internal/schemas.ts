// Zod schemas of the wire contract. Requests are validated with these and /openapi.json is
// generated from the very same objects, so the documentation cannot drift from validation.
import { ERROR_CODES, REVOCATION_REASONS } from '@tessera/protocol';
import { z } from 'zod';

/** Password policy for new passwords (NIST SP 800-63B: length, no composition rules). */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;

const refreshToken = z.string().min(1).max(512);

export const LoginRequestSchema = z.strictObject({
  email: z.email().max(320),
  password: z.string().min(1).max(1024),
  rememberMe: z.boolean().optional(),
  transport: z.enum(['cookie', 'bearer']).optional(),
  /** Bearer transport: the guest session's refresh token, merged into the new session. */
  anonymousRefreshToken: refreshToken.optional(),
});

/** POST /anonymous: a guest session. */
export const AnonymousRequestSchema = z.strictObject({
  transport: z.enum(['cookie', 'bearer']).optional(),
});

/** PATCH /session/data: `null` deletes a key; values are any JSON (the body is JSON). */
export const SessionDataPatchSchema = z.strictObject({
  version: z.number().int().min(0),
  set: z.record(z.string().min(1).max(256), z.unknown()),
});

export const RefreshRequestSchema = z.strictObject({ refreshToken: refreshToken.optional() });

export const LogoutRequestSchema = z.strictObject({ refreshToken: refreshToken.optional() });

export const EmptyRequestSchema = z.strictObject({});

/** POST /reauth. `totp` is accepted by the schema only so the handler can refuse it clearly. */
export const ReauthRequestSchema = z.strictObject({
  password: z.string().min(1).max(1024).optional(),
  totp: z.string().max(64).optional().describe('Not supported yet: answered with 400'),
  refreshToken: refreshToken.optional(),
});

export const ChangePasswordRequestSchema = z.strictObject({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH),
});

const timestamp = z.iso.datetime();

export const DeviceInfoSchema = z.object({
  type: z.enum(['desktop', 'mobile', 'tablet', 'unknown']),
  name: z.string(),
  browser: z.string().nullable(),
  os: z.string().nullable(),
});

export const PublicUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  roles: z.array(z.string()),
});

export const PublicSessionSchema = z.object({
  id: z.string(),
  current: z.boolean(),
  kind: z.enum(['user', 'anonymous']),
  createdAt: timestamp,
  lastActiveAt: timestamp,
  idleExpiresAt: timestamp,
  absoluteExpiresAt: timestamp,
  authTime: timestamp,
  aal: z.union([z.literal(1), z.literal(2)]),
  rememberMe: z.boolean(),
  device: DeviceInfoSchema,
  ip: z.string().nullable(),
  location: z.string().nullable(),
});

export const TokenResponseSchema = z.object({
  /** Null for a guest session (`session.kind` is `anonymous`). */
  user: PublicUserSchema.nullable(),
  session: PublicSessionSchema,
  accessToken: z.string(),
  accessTokenExpiresAt: timestamp,
  refreshToken: z.string().optional(),
  serverTime: timestamp,
});

export const SessionDataResponseSchema = z.object({
  data: z.record(z.string(), z.unknown()),
  version: z.number().int().min(0),
  serverTime: timestamp,
});

export const MeResponseSchema = z.object({ user: PublicUserSchema, serverTime: timestamp });

export const SessionInfoResponseSchema = z.object({
  sessionId: z.string(),
  userId: z.string(),
  idleExpiresAt: timestamp,
  absoluteExpiresAt: timestamp,
  accessExpiresAt: timestamp,
  idleTimeoutSeconds: z.number().int(),
  serverTime: timestamp,
  aal: z.union([z.literal(1), z.literal(2)]),
  authTime: timestamp,
  device: DeviceInfoSchema,
});

export const SessionListResponseSchema = z.object({
  sessions: z.array(PublicSessionSchema),
  serverTime: timestamp,
});

export const RevokedCountResponseSchema = z.object({
  revoked: z.number().int().min(0),
  serverTime: timestamp,
});

export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  code: z.enum(ERROR_CODES),
  reason: z.enum(REVOCATION_REASONS).optional(),
  retryAfter: z.number().int().optional(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

export const HealthResponseSchema = z.object({
  status: z.enum(['ok', 'unavailable']),
  checks: z.record(z.string(), z.enum(['ok', 'unavailable'])).optional(),
});

export const JwksSchema = z.object({ keys: z.array(z.record(z.string(), z.unknown())) });
