// The one error type of mypaas: a stable code for programs and tests, a message and a hint for people.

/** Every code mypaas can fail with. Tests assert these, never the prose. */
export type ErrorCode =
  | 'USAGE'
  | 'DOCKERFILE_NOT_FOUND'
  | 'DOCKERFILE_INVALID'
  | 'CONFIG_NOT_FOUND'
  | 'CONFIG_SYNTAX'
  | 'CONFIG_INVALID'
  | 'DOCKER_UNAVAILABLE'
  | 'DOCKER_FAILED'
  | 'BUILD_FAILED'
  | 'HEALTHCHECK_FAILED'
  | 'ROUTE_FAILED'
  | 'DEPLOY_FAILED'
  | 'DEPLOY_INTERRUPTED'
  | 'SECRET_MISSING'
  | 'SECRET_NOT_GRANTED'
  | 'VOLUME_NOT_ALLOWED'
  | 'SERVICE_NOT_FOUND'
  | 'SERVICE_NOT_LIVE'
  | 'RELEASE_NOT_FOUND'
  | 'DEPLOYMENT_NOT_FOUND'
  | 'STATE_MIGRATION_DRIFT'
  | 'STATE_FAILED'
  | 'URL_CONFLICT'
  | 'PROXY_UNAVAILABLE'
  | 'CERT_FAILED'
  | 'SSH_FAILED'
  | 'AUTH_FAILED'
  | 'PERMISSION_DENIED'
  | 'COMMAND_REFUSED'
  | 'UPLOAD_REFUSED'
  | 'HOST_KEY_CHANGED'
  | 'KEY_INVALID'
  | 'KEY_EXISTS'
  | 'KEY_NOT_FOUND'
  | 'SERVER_NOT_FOUND'
  | 'DAEMON_SHUTTING_DOWN'
  | 'DISK_FULL'
  | 'INTERNAL';

/** An expected failure: the entry point prints `message` and `hint` and exits non-zero. */
export class MypaasError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  /** Extra lines shown under the message (e.g. every problem a parser found). */
  readonly details: readonly string[];

  constructor(
    code: ErrorCode,
    message: string,
    options: { hint?: string; cause?: unknown; details?: readonly string[] } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'MypaasError';
    this.code = code;
    this.hint = options.hint;
    this.details = options.details ?? [];
  }
}

/** True when `err` is a MypaasError, optionally with the given code. */
export function isMypaasError(err: unknown, code?: ErrorCode): err is MypaasError {
  return err instanceof MypaasError && (code === undefined || err.code === code);
}
