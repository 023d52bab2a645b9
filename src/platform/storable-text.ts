// What PostgreSQL can store of a string from a client or a model: text and jsonb refuse U+0000 (SQLSTATE
// 22021 / 22P05) and jsonb refuses lone UTF-16 surrogates, and a projection that meets such a value in a
// valid event would stall (a database error is the code's fault). So both become U+FFFD before any event
// is made, and integers that land in PostgreSQL `integer` columns are bounded by it.
import { z } from 'zod';

/** The largest value of a PostgreSQL `integer` column. */
export const PG_INT_MAX = 2_147_483_647;

// eslint-disable-next-line no-control-regex
const NUL = /\u0000/g;

export function toStorableText(value: string): string {
  return value.toWellFormed().replace(NUL, '\uFFFD');
}

/** A string that PostgreSQL can store: NUL and lone surrogates replaced by U+FFFD. */
export const StorableText = z.string().transform(toStorableText);

/** A non-negative whole number that fits a PostgreSQL `integer` column. */
export const PgInt = z.number().int().min(0).max(PG_INT_MAX);
