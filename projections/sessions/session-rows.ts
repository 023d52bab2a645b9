// The rows each session event writes (with `seq`, its stream sequence), as pure functions shared by the
// projectors (which add the upsert rules) and the bulk fold (which applies the same rules in memory), so the
// event-to-row mapping is written once.
import type { DomainEvent } from '../../events/index.js';
import { required } from '../runner/index.js';

export interface SessionRow {
  session_id: string;
  user_id: string | null;
  start_time: string;
  end_time: string | null;
  stream_seq: number;
  /** Null while start_time is a stand-in that a later session.started replaces. */
  start_seq: number | null;
  end_seq: number | null;
}

export interface SessionProjectRow {
  session_id: string;
  project_id: string;
  stream_seq: number;
}

export function sessionStartedRow(event: DomainEvent<'session.started'>, seq: number): SessionRow {
  return {
    session_id: required(event.sessionId, 'sessionId'),
    user_id: event.userId,
    start_time: event.data.startedAt,
    end_time: null,
    stream_seq: seq,
    start_seq: seq,
    end_seq: null,
  };
}

export function sessionEndedRow(event: DomainEvent<'session.ended'>, seq: number): SessionRow {
  return {
    session_id: required(event.sessionId, 'sessionId'),
    user_id: event.userId,
    start_time: event.data.endedAt, // replaced by session.started's time if that comes later
    end_time: event.data.endedAt,
    stream_seq: seq,
    start_seq: null,
    end_seq: seq,
  };
}

/** The session a project activation implies (kept as it is when the session exists) and the link row. */
export function projectActivatedRows(
  event: DomainEvent<'project.activated'>,
  seq: number,
): {
  session: SessionRow;
  sessionProject: SessionProjectRow;
} {
  const sessionId = required(event.sessionId, 'sessionId');
  return {
    session: {
      session_id: sessionId,
      user_id: event.userId,
      start_time: event.data.activatedAt,
      end_time: null,
      stream_seq: seq,
      start_seq: null,
      end_seq: null,
    },
    sessionProject: {
      session_id: sessionId,
      project_id: required(event.projectId, 'projectId'),
      stream_seq: seq,
    },
  };
}
