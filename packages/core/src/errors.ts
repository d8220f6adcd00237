import type { ErrorCode } from '@tessera/protocol';

/** Codes of core errors: the wire codes plus a few that never leave the process. */
export type TesseraErrorCode = ErrorCode | 'invalid_config' | 'user_exists' | 'data_unreadable';

/**
 * Base of every error Tessera throws. `code` is stable; messages never contain a secret.
 * Core errors carry no HTTP status: the server maps codes to statuses at the edge.
 */
export class TesseraError extends Error {
  readonly code: TesseraErrorCode;
  constructor(code: TesseraErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Bad configuration; `option` names the offending option. */
export class ConfigError extends TesseraError {
  readonly option: string;
  constructor(option: string, message: string, options?: { cause?: unknown }) {
    super('invalid_config', `Invalid option ${option}: ${message}`, options);
    this.option = option;
  }
}

/** The store (or another dependency) could not be reached. Always fail closed on it. */
export class StoreUnavailableError extends TesseraError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('unavailable', message, options);
  }
}

/** `reject` policy and the user is at the concurrent-session limit. */
export class SessionLimitError extends TesseraError {
  readonly limit: number;
  constructor(limit: number) {
    super('session_limit_reached', `The limit of ${limit} active sessions is reached`);
    this.limit = limit;
  }
}

export class UserExistsError extends TesseraError {
  constructor() {
    super('user_exists', 'A user with this email already exists');
  }
}

/** Invalid input to a core function (for example session data over its size cap). */
export class InvalidInputError extends TesseraError {
  constructor(code: 'invalid_request' | 'payload_too_large', message: string) {
    super(code, message);
  }
}

/**
 * Stored session data that does not open: altered, copied from another session, sealed under
 * another key, or stored in clear while a data key is set. Nothing is returned (fail closed).
 */
export class SessionDataUnreadableError extends TesseraError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('data_unreadable', message, options);
  }
}
