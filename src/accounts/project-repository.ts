// Reads and writes of `project` and `project_users`. Only members may activate a project (the Python
// server let anyone who knew a project id join it, S3).
import type { Db } from '../platform/db.js';

export interface NewProject {
  projectId: string;
  projectName: string;
  createdBy: string;
  createdAt: Date;
}

/** Inserts the project and its creator's membership; pass a transaction to tie it to the event append. */
export async function insertProject(db: Db, p: NewProject): Promise<void> {
  await db
    .insertInto('project')
    .values({
      project_id: p.projectId,
      project_name: p.projectName,
      created_at: p.createdAt,
      created_by: p.createdBy,
    })
    .execute();
  await db
    .insertInto('project_users')
    .values({ project_id: p.projectId, user_id: p.createdBy, joined_at: p.createdAt })
    .execute();
}

export async function isProjectMember(db: Db, projectId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('project_users')
    .select('user_id')
    .where('project_id', '=', projectId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}
