// A read-model row as the projectors and the bulk folds build it, derived from the table's Kysely type: every
// column present, timestamps as the events' ISO strings, JSON columns as their text (what COPY and Kysely take).
import type { Insertable } from 'kysely';

export type TableRow<Table> = {
  [K in keyof Insertable<Table>]-?: Exclude<Insertable<Table>[K], Date | undefined>;
};
