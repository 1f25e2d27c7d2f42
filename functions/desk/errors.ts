// The few typed errors the domain throws; functions/http/problem.ts maps them to RFC 9457 problem+json.

export interface FieldError {
  field: string;
  message: string;
}

export abstract class DeskError extends Error {
  abstract readonly status: number;
  abstract readonly type: string;
  readonly extra: Record<string, unknown>;

  constructor(message: string, extra: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.extra = extra;
  }
}

/**
 * 400. `validation`: the request breaks a rule the OpenAPI document states. Other kinds are well-formed requests that
 * the desk's data refuses: `unknown-reference` (a contact, employee, upload, message or cursor that does not exist or can
 * no longer be used), `contradicts-saved-settings`, `self-lockout`, `not-a-session` (signing out with an API token).
 */
export type InvalidKind = 'validation' | 'unknown-reference' | 'contradicts-saved-settings' | 'self-lockout' | 'not-a-session';

export class Invalid extends DeskError {
  readonly status = 400;
  readonly type: InvalidKind;
  constructor(message: string, readonly errors: FieldError[] = [], kind: InvalidKind = 'validation') {
    super(message, { errors });
    this.type = kind;
  }
}

export class Unauthorized extends DeskError {
  readonly status = 401;
  readonly type = 'unauthorized';
}

export class Forbidden extends DeskError {
  readonly status = 403;
  readonly type = 'forbidden';
}

export class NotFound extends DeskError {
  readonly status = 404;
  readonly type = 'not-found';
}

export class MethodNotAllowed extends DeskError {
  readonly status = 405;
  readonly type = 'method-not-allowed';
}

export class Conflict extends DeskError {
  readonly status = 409;
  readonly type = 'conflict';
}

export class PayloadTooLarge extends DeskError {
  readonly status = 413;
  readonly type = 'payload-too-large';
}

export class UnsupportedMediaType extends DeskError {
  readonly status = 415;
  readonly type = 'unsupported-media-type';
}

export class Unprocessable extends DeskError {
  readonly status = 422;
  readonly type = 'unprocessable';
}

export class TooMany extends DeskError {
  readonly status = 429;
  readonly type = 'rate-limited';
  constructor(message: string, readonly retryAfterSeconds: number) {
    super(message);
  }
}

export class Unavailable extends DeskError {
  readonly status = 503;
  readonly type = 'unavailable';
  constructor(message: string, readonly retryAfterSeconds: number, options?: { cause?: unknown }) {
    super(message, {}, options);
  }
}
