// problem+json answers of the non-plugin routes: an AppError with its status and code, anything else a 500
// that tells the client nothing of the cause.
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import { Errors } from '../platform/errors.js';
import { createLogger } from '../platform/logger.js';
import { createProblemErrorHandler, PROBLEM_JSON } from './problem-json.js';

const app = new Hono();
app.onError(createProblemErrorHandler(createLogger('silent')));
app.get('/forbidden', () => {
  throw Errors.researchRoleRequired();
});
app.get('/invalid', () => {
  throw Errors.validation('bad filter', [{ path: ['from'], message: 'not a time' }]);
});
app.get('/http', () => {
  throw new HTTPException(400, { message: 'Malformed JSON' });
});
app.get('/bug', () => {
  throw new Error('secret detail');
});

async function get(path: string) {
  const res = await app.request(path);
  return { status: res.status, type: res.headers.get('content-type'), body: await res.json() };
}

describe('problem+json errors', () => {
  it('carry the status, its title, our message as detail and our code', async () => {
    expect(await get('/forbidden')).toEqual({
      status: 403,
      type: PROBLEM_JSON,
      body: {
        type: 'about:blank',
        title: 'Forbidden',
        status: 403,
        detail: Errors.researchRoleRequired().message,
        code: 'research_role_required',
      },
    });
    expect((await get('/invalid')).body).toMatchObject({
      status: 422,
      title: 'Unprocessable Content',
      detail: 'bad filter',
      errors: [{ path: ['from'], message: 'not a time' }],
    });
    expect(await get('/http')).toMatchObject({
      status: 400,
      body: { detail: 'Malformed JSON', code: 'http_error' },
    });
  });

  it('answer any other failure as a 500 without its message', async () => {
    const res = await get('/bug');
    expect(res).toMatchObject({ status: 500, type: PROBLEM_JSON, body: { code: 'internal_error' } });
    expect(JSON.stringify(res.body)).not.toContain('secret detail');
  });
});
