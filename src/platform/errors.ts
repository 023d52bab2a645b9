// Failures as classes with a literal code and an HTTP status, mapped to responses in one place
// (src/api/error-handler.ts). Plugin routes answer {"message": ...} with the Python server's texts.
export class AppError extends Error {
  /** Seconds after which the same request may succeed (sent as Retry-After); set where a failure is temporary. */
  retryAfterS?: number;

  constructor(
    readonly code: string,
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 501 | 503,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const Errors = {
  invalidAuthToken: () =>
    new AppError(
      'invalid_auth_token',
      401,
      'Authentication token not found! You are not authenticated or your token has expired. Login before you can perform this action.',
    ),
  invalidSessionToken: () =>
    new AppError(
      'invalid_session_token',
      401,
      'Session not found! You are not authenticated or your session has expired. Login before you can perform this action.',
    ),
  invalidProjectToken: () =>
    new AppError(
      'invalid_project_token',
      401,
      'Invalid or expired project token. Acquire a session token first.',
    ),
  invalidCredentials: () => new AppError('invalid_credentials', 401, 'Invalid email or password!'),
  invalidJwt: () => new AppError('invalid_jwt', 401, 'Invalid or expired token!'),
  invalidPreviousPassword: () =>
    new AppError('invalid_previous_password', 401, 'Previous password is not correct!'),
  userExists: () => new AppError('user_exists', 409, 'User already exists with this email!'),
  userNotFound: () => new AppError('user_not_found', 404, 'User not found'),
  sessionNotFound: () =>
    new AppError('session_not_found', 404, 'Session not found. You may need to log in again.'),
  projectNotFound: () =>
    new AppError('project_not_found', 404, 'Project not found. You may need to create or activate it again.'),
  configNotFound: () => new AppError('config_not_found', 404, 'Config not found!'),
  // Research access (datasets): problem+json routes, so the messages are ours, not the Python server's.
  researchAuthRequired: () =>
    new AppError(
      'research_auth_required',
      401,
      'This needs a researcher: send Authorization: Bearer <API token> (c4m tokens create) or sign in.',
    ),
  invalidApiToken: () =>
    new AppError(
      'invalid_api_token',
      401,
      'The API token is not valid: it is malformed, unknown or revoked.',
    ),
  researchRoleRequired: () =>
    new AppError(
      'research_role_required',
      403,
      'This needs the researcher or admin role; an operator grants it with c4m users role <email> researcher.',
    ),
  apiTokenNotFound: () => new AppError('api_token_not_found', 404, 'API token not found'),
  apiTokenRoleRequired: () =>
    new AppError('api_token_role_required', 409, 'Only researchers and admins hold API tokens.'),
  queryNotFound: () => new AppError('query_not_found', 404, 'Query not found'),
  generationNotFound: () => new AppError('generation_not_found', 404, 'Generation record not found'),
  noFeedbackAccess: () =>
    new AppError('feedback_forbidden', 403, 'You are not allowed to provide feedback for this query.'),
  noQueryAccess: () =>
    new AppError('query_forbidden', 403, 'You do not have permission to access this query.'),
  tooManyRequests: () => new AppError('rate_limited', 429, 'Too many requests. Please try again later.'),
  validation: (message: string, details?: unknown) =>
    new AppError('validation_failed', 422, message, details),
  bodyTooLarge: (limit: number) =>
    new AppError('body_too_large', 413, `Request body is larger than the limit of ${limit} bytes.`),
  notImplemented: (what: string) =>
    new AppError('not_implemented', 501, `${what} is not supported by this server.`),
  chatNotFound: () => new AppError('chat_not_found', 404, 'Chat not found'),
  noChatAccess: () => new AppError('chat_forbidden', 403, 'You do not have permission to access this chat.'),
  unavailable: (what: string) =>
    new AppError('unavailable', 503, `${what} is unavailable, try again shortly.`),
  /** NATS, PostgreSQL or Redis is down or restarting (src/platform/dependency-outage.ts); the request may be sent again. */
  dependencyUnavailable: (retryAfterS: number) => {
    const err = new AppError(
      'dependency_unavailable',
      503,
      'The server is temporarily unavailable, try again shortly.',
    );
    err.retryAfterS = retryAfterS;
    return err;
  },
} as const;
