// Request and response schemas of the account routes (user, session, project), with the Python server's
// limits (code4me2-server §2.10). Unknown request fields are ignored, as there.
import { z } from '@hono/zod-openapi';
import { StorableText } from '../../platform/storable-text.js';

export const EmailSchema = z.string().trim().toLowerCase().min(3).max(50).pipe(z.email());
export const NameSchema = StorableText.pipe(z.string().min(3).max(50));
export const PasswordSchema = z
  .string()
  .min(8)
  .max(50)
  .regex(
    /^(?=.*[A-Z])(?=.*[a-z])(?=.*\d)\S+$/,
    'must contain an upper-case letter, a lower-case letter and a digit, and no whitespace',
  );
/** The preference is returned with every login: keep it small. */
export const MAX_PREFERENCE_CHARS = 64 * 1024;

export const ProviderSchema = z.enum(['no_provider', 'google']).default('no_provider');

export const CreateUserSchema = z
  .object({
    email: EmailSchema,
    name: NameSchema,
    password: PasswordSchema,
    config_id: z.unknown().optional().openapi({ description: 'Ignored: every new user gets config 1.' }),
    token: z.string().max(10_000).default(''),
    provider: ProviderSchema,
  })
  .openapi('CreateUser');

export const AuthenticateUserSchema = z
  .object({
    email: z.string().max(320).optional(),
    password: z.string().max(1000).optional(),
    provider: ProviderSchema,
    token: z.string().max(10_000).default(''),
  })
  .superRefine((b, ctx) => {
    if (b.provider !== 'no_provider') return;
    if (!b.email) ctx.addIssue({ code: 'custom', path: ['email'], message: 'required for e-mail sign-in' });
    if (!b.password)
      ctx.addIssue({ code: 'custom', path: ['password'], message: 'required for e-mail sign-in' });
  })
  .openapi('AuthenticateUser');

export const UpdateUserSchema = z
  .object({
    name: NameSchema.nullish(),
    email: EmailSchema.nullish(),
    previous_password: z.string().max(1000).nullish(),
    password: PasswordSchema.nullish(),
    preference: z
      .record(z.string(), z.unknown())
      .refine(
        (p) => JSON.stringify(p).length <= MAX_PREFERENCE_CHARS,
        `must be at most ${MAX_PREFERENCE_CHARS} characters of JSON`,
      )
      .nullish(),
    config_id: z
      .number()
      .int()
      .min(1)
      .nullish()
      .openapi({ description: 'Server-managed: only the stored value is accepted.' }),
    verified: z
      .boolean()
      .nullish()
      .openapi({ description: 'Server-managed: only the stored value is accepted.' }),
  })
  .openapi('UpdateUser');

export const DeleteUserQuerySchema = z.object({
  delete_data: z
    .string()
    .regex(/^(true|false|1|0|yes|no|on|off)$/i, 'must be true or false')
    .optional()
    .openapi({ description: 'Also erase the research data (events and rows) of the user.' }),
});

export const CreateProjectSchema = z
  .object({ project_name: StorableText.pipe(z.string().min(1).max(100)) })
  .openapi('CreateProject');
export const ActivateProjectSchema = z
  .object({ project_id: z.string().max(100).openapi({ description: 'The project token (a UUID).' }) })
  .openapi('ActivateProject');

export const MessageSchema = z.object({ message: z.string() }).openapi('Message');

export const ResponseUserSchema = z
  .object({
    user_id: z.string(),
    joined_at: z.string(),
    email: z.string(),
    name: z.string(),
    password: z.string(),
    config_id: z.number().int(),
    verified: z.boolean(),
    preference: z.record(z.string(), z.unknown()),
    auth_token: z.string().optional(),
    is_admin: z.boolean(),
  })
  .openapi('ResponseUser');

export const UserWithConfigSchema = z
  .object({ message: z.string(), user: ResponseUserSchema, config: z.string() })
  .openapi('UserWithConfig');

export function json<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

export function jsonBody<T extends z.ZodType>(schema: T) {
  return { required: true, content: { 'application/json': { schema } } };
}

/** Error answers ({"message"}) for the OpenAPI description. */
export function errorResponses(...statuses: (401 | 403 | 404 | 409 | 422 | 429 | 503)[]) {
  return Object.fromEntries(statuses.map((s) => [s, json(MessageSchema, 'Error with a message')]));
}

/** Python-style booleans in query strings. */
export function parseBooleanFlag(value: string | undefined): boolean {
  return value !== undefined && /^(true|1|yes|on)$/i.test(value);
}
