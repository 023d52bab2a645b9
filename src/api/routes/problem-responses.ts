// The OpenAPI description of application/problem+json failures, for the routes that answer them.
import { z } from '@hono/zod-openapi';
import { PROBLEM_JSON } from '../problem-json.js';

export const problemResponses = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((s) => [
      s,
      {
        description: 'application/problem+json (RFC 9457)',
        content: { [PROBLEM_JSON]: { schema: z.object({}).passthrough() } },
      },
    ]),
  );
