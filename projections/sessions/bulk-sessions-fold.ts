// The sessions read model folded in memory for a rebuild into empty tables: the projectors' upserts applied to
// one record per session (started sets start_time and start_seq, ended end_time and end_seq, an activation
// only fills a gap), then both tables loaded with COPY. Ids are compared lowercased, as PostgreSQL does uuids.
import { foldWith, type FoldHandlers } from '../bulk/fold-handlers.js';
import { copyRows, linesOf } from '../bulk/copy-rows.js';
import { copyLine, type CopyColumns } from '../bulk/copy-text.js';
import { required, type BulkFold } from '../runner/read-model.js';
import {
  projectActivatedRows,
  sessionEndedRow,
  sessionStartedRow,
  type SessionProjectRow,
  type SessionRow,
} from './session-rows.js';

const SESSION_COLUMNS: CopyColumns<SessionRow> = [
  ['session_id', 'plain'],
  ['user_id', 'plain'],
  ['start_time', 'plain'],
  ['end_time', 'plain'],
  ['stream_seq', 'int'],
  ['start_seq', 'int'],
  ['end_seq', 'int'],
];
const SESSION_PROJECT_COLUMNS: CopyColumns<SessionProjectRow> = [
  ['session_id', 'plain'],
  ['project_id', 'plain'],
  ['stream_seq', 'int'],
];

interface SessionState {
  row: SessionRow;
  /** Lowercased project ids, in the order first activated, with the row of each. */
  projects: Map<string, SessionProjectRow>;
}

export function createSessionsBulkFold(): BulkFold {
  const sessions = new Map<string, SessionState>();
  const byUser = new Map<string, Set<string>>();

  const upsert = (row: SessionRow, onConflict: (s: SessionState) => void): SessionState => {
    const key = row.session_id.toLowerCase();
    const found = sessions.get(key);
    if (found) {
      onConflict(found);
      return found;
    }
    const state: SessionState = { row, projects: new Map() };
    sessions.set(key, state);
    if (row.user_id !== null) userSessions(byUser, row.user_id).add(key);
    return state;
  };

  const handlers: FoldHandlers = {
    'session.started': (e, seq) => {
      const row = sessionStartedRow(e, seq);
      upsert(row, (s) => {
        s.row.start_time = row.start_time;
        s.row.start_seq = row.start_seq;
      });
    },
    'session.ended': (e, seq) => {
      const row = sessionEndedRow(e, seq);
      upsert(row, (s) => {
        s.row.end_time = row.end_time;
        s.row.end_seq = row.end_seq;
      });
    },
    'project.activated': (e, seq) => {
      const rows = projectActivatedRows(e, seq);
      const state = upsert(rows.session, () => undefined);
      const key = rows.sessionProject.project_id.toLowerCase();
      if (!state.projects.has(key)) state.projects.set(key, rows.sessionProject);
    },
    'user.erased': (e) => {
      if (!e.data.deleteData) return;
      const user = required(e.userId, 'userId').toLowerCase();
      for (const key of byUser.get(user) ?? []) sessions.delete(key);
      byUser.delete(user);
    },
  };

  return {
    add: foldWith(handlers),
    async write(client) {
      const written = await copyRows(
        client,
        'session',
        SESSION_COLUMNS,
        linesOf(sessions.values(), (s) => copyLine(SESSION_COLUMNS, s.row)),
      );
      const links = function* () {
        for (const s of sessions.values()) yield* s.projects.values();
      };
      const linked = await copyRows(
        client,
        'session_projects',
        SESSION_PROJECT_COLUMNS,
        linesOf(links(), (l) => copyLine(SESSION_PROJECT_COLUMNS, l)),
      );
      return written + linked;
    },
  };
}

function userSessions(byUser: Map<string, Set<string>>, userId: string): Set<string> {
  const key = userId.toLowerCase();
  let set = byUser.get(key);
  if (!set) byUser.set(key, (set = new Set()));
  return set;
}
