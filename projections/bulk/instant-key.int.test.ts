// instantKey against PostgreSQL itself: two timestamps share a key exactly when timestamptz holds one value.
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { instantKey } from './instant-key.js';

let client: pg.Client;

beforeAll(async () => {
  client = new pg.Client({
    connectionString: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  });
  await client.connect();
});
afterAll(async () => {
  await client?.end();
});

const SAMPLES = [
  '2026-03-01T10:00:16Z',
  '2026-03-01T10:00:16.000Z',
  '2026-03-01T10:00:16.0000004Z',
  '2026-03-01T10:00:16.0000005Z',
  '2026-03-01T10:00:16.0000015Z',
  '2026-03-01T10:00:16.000002Z',
  '2026-03-01T12:00:16+02:00',
  '2026-03-01T05:30:16-04:30',
  '2026-03-01T10:00:15.9999996Z',
  '2026-03-01T10:00:15.999999Z',
  '2026-03-02T00:00:16+14:00',
  '1999-12-31T23:59:59.9999999-00:00',
  '2000-01-01T00:00:00Z',
  '2024-02-29T23:59:59.123456789+15:59',
  '1901-06-15T01:02:03.5Z',
  '0001-01-01T00:00:00+01:00',
];

it('gives two timestamps one key exactly when PostgreSQL stores them as one timestamptz', async () => {
  const { rows } = await client.query<{ a: string; b: string; same: boolean }>(
    `SELECT a, b, a::timestamptz = b::timestamptz AS same FROM unnest($1::text[]) a, unnest($1::text[]) b`,
    [SAMPLES],
  );
  const mismatches = rows.filter((r) => (instantKey(r.a) === instantKey(r.b)) !== r.same);
  expect(mismatches).toEqual([]);
  expect(rows.filter((r) => r.same && r.a !== r.b).length).toBeGreaterThan(0);
});
