// Rows of an erased user outside the read models, which no projector reaches: the projections' dead letters
// (raw payloads of the user's events) and the write model's projects that only the user belonged to (their
// names are the user's words).
import { sql } from 'kysely';
import { typeToken } from '../../events/index.js';
import type { Db } from '../platform/db.js';
import { purgedEventTypes, type PurgeUserEventsRequest } from './purge-user-events.js';

/** Dead letters of the user's purged event types (by subject), and with delete_data any naming the user. */
export async function deleteErasedUserDeadLetters(
  db: Db,
  userId: string,
  scope: PurgeUserEventsRequest['scope'],
): Promise<number> {
  const subjects =
    scope === 'all'
      ? [`%.${userId}`]
      : purgedEventTypes(scope).map((type) => `%.evt.${typeToken(type)}.${userId}`);
  const result = await db
    .deleteFrom('projection_dead_letter')
    .where((eb) =>
      eb.or([
        ...subjects.map((pattern) => eb('subject', 'like', pattern)),
        ...(scope === 'all'
          ? [eb(sql<number>`position(convert_to(${userId}, 'UTF8') in payload)`, '>', 0)]
          : []),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Every project the user is a member of or created. */
export async function projectsOfUser(db: Db, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('project_users')
    .select('project_id')
    .where('user_id', '=', userId)
    .union(db.selectFrom('project').select('project_id').where('created_by', '=', userId))
    .execute();
  return rows.map((r) => r.project_id);
}

/** Deletes the projects of the user that no other user belongs to (memberships cascade). */
export async function deleteSoleProjects(db: Db, userId: string): Promise<number> {
  const mine = await projectsOfUser(db, userId);
  if (mine.length === 0) return 0;
  const result = await db
    .deleteFrom('project')
    .where('project_id', 'in', mine)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('project_users as pu')
            .select('pu.user_id')
            .whereRef('pu.project_id', '=', 'project.project_id')
            .where('pu.user_id', '<>', userId),
        ),
      ),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
