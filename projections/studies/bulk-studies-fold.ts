// The studies read model folded in memory for a rebuild into empty tables: the projectors' rules (a study's
// first definition wins, started/ended and released overwrite, an arm's first assignment wins, erasure with
// deleteData drops the user's assignments), then both tables loaded with COPY. Ids compare lowercased.
import { foldWith, type FoldHandlers } from '../bulk/fold-handlers.js';
import { copyRows, linesOf } from '../bulk/copy-rows.js';
import { copyLine, type CopyColumns } from '../bulk/copy-text.js';
import type { StudyArmAssignmentTable, StudyDefinitionTable } from '../../src/platform/db-schema.js';
import type { TableRow } from '../bulk/table-row.js';
import { required, type BulkFold } from '../runner/read-model.js';

type DefinitionRow = TableRow<StudyDefinitionTable>;
type AssignmentRow = TableRow<StudyArmAssignmentTable>;

const DEFINITION_COLUMNS: CopyColumns<DefinitionRow> = [
  ['study_id', 'plain'],
  ['name', 'text'],
  ['description', 'text'],
  ['config_ids', 'floats'],
  ['default_config_id', 'int'],
  ['starts_at', 'plain'],
  ['ends_at', 'plain'],
  ['started_at', 'plain'],
  ['ended_at', 'plain'],
  ['end_reason', 'text'],
  ['created_at', 'plain'],
  ['stream_seq', 'int'],
  ['start_seq', 'int'],
  ['end_seq', 'int'],
];

const ASSIGNMENT_COLUMNS: CopyColumns<AssignmentRow> = [
  ['study_id', 'plain'],
  ['user_id', 'plain'],
  ['config_id', 'int'],
  ['previous_config_id', 'int'],
  ['assigned_at', 'plain'],
  ['released_at', 'plain'],
  ['stream_seq', 'int'],
  ['released_seq', 'int'],
];

const key = (studyId: string, userId: string): string => `${studyId.toLowerCase()}/${userId.toLowerCase()}`;

export function createStudiesBulkFold(): BulkFold {
  const studies = new Map<string, DefinitionRow>();
  const arms = new Map<string, AssignmentRow>();
  const handlers: FoldHandlers = {
    'study.created': ({ data: d }, seq) => {
      if (studies.has(d.studyId.toLowerCase())) return;
      studies.set(d.studyId.toLowerCase(), {
        study_id: d.studyId,
        name: d.name,
        description: d.description,
        config_ids: d.configIds,
        default_config_id: d.defaultConfigId,
        starts_at: d.startsAt,
        ends_at: d.endsAt,
        started_at: null,
        ended_at: null,
        end_reason: null,
        created_at: d.createdAt,
        stream_seq: seq,
        start_seq: null,
        end_seq: null,
      });
    },
    'study.started': ({ data: d }, seq) => {
      const row = studies.get(d.studyId.toLowerCase());
      if (row) Object.assign(row, { started_at: d.startedAt, start_seq: seq });
    },
    'study.ended': ({ data: d }, seq) => {
      const row = studies.get(d.studyId.toLowerCase());
      if (row) Object.assign(row, { ended_at: d.endedAt, end_reason: d.reason, end_seq: seq });
    },
    'study.arm.assigned': (e, seq) => {
      const userId = required(e.userId, 'userId');
      const k = key(e.data.studyId, userId);
      if (arms.has(k)) return;
      arms.set(k, {
        study_id: e.data.studyId,
        user_id: userId,
        config_id: e.data.configId,
        previous_config_id: e.data.previousConfigId,
        assigned_at: e.data.assignedAt,
        released_at: null,
        stream_seq: seq,
        released_seq: null,
      });
    },
    'study.arm.released': (e, seq) => {
      const row = arms.get(key(e.data.studyId, required(e.userId, 'userId')));
      if (row) Object.assign(row, { released_at: e.data.releasedAt, released_seq: seq });
    },
    'user.erased': (e) => {
      if (!e.data.deleteData) return;
      const user = required(e.userId, 'userId').toLowerCase();
      for (const [k, row] of arms) if (row.user_id.toLowerCase() === user) arms.delete(k);
    },
  };
  return {
    add: foldWith(handlers),
    async write(client) {
      const definitions = linesOf(studies.values(), (r) => copyLine(DEFINITION_COLUMNS, r));
      const assignments = linesOf(arms.values(), (r) => copyLine(ASSIGNMENT_COLUMNS, r));
      return (
        (await copyRows(client, 'study_definition', DEFINITION_COLUMNS, definitions)) +
        (await copyRows(client, 'study_arm_assignment', ASSIGNMENT_COLUMNS, assignments))
      );
    },
  };
}
