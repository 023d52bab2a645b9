// Turns zod validation failures into 422 {"message", "detail"} that name each bad field, like the Python
// server's 422 but with the message envelope the plugin logs.
import type { Context } from 'hono';
import type { ZodError } from 'zod';

interface HookResult {
  success: boolean;
  error?: ZodError;
  target?: string;
}

export function validationHook(result: HookResult, c: Context): Response | undefined {
  if (result.success || !result.error) return undefined;
  const detail = result.error.issues.map((i) => ({
    loc: [result.target ?? 'body', ...i.path.map(String)],
    msg: i.message,
    type: i.code,
  }));
  const first = detail[0];
  const where = first ? first.loc.slice(1).join('.') || first.loc[0] : 'request';
  return c.json({ message: `Invalid request: ${where}: ${first?.msg ?? 'invalid'}`, detail }, 422);
}
