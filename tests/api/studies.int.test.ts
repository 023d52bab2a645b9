// Configs and studies end to end on the real services with a clock the test drives: the admin-only routes'
// auth (401, 403), configs created as data and served as HOCON, a study that starts and ends on time (seen at
// sign-in and by the schedule), each verified user's arm from the assignment rule, a user who tries to change
// arm refused with 403, the assignment history in the studies read model, its erasure, the report, and the
// c4m configs / studies commands.
import hocon from '@pushcorn/hocon-parser';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsOfTypeFilter, type DomainEvent, type EventType } from '../../events/index.js';
import { setUserRole, setUserVerified } from '../../src/accounts/index.js';
import type { Clock } from '../../src/platform/clock.js';
import { armOf, runStudySchedule } from '../../src/studies/index.js';
import { runCliInProcess } from '../support/cli-in-process.js';
import { eventually } from '../support/eventually.js';
import { PluginClient } from '../support/plugin-client.js';
import { readStreamEvents } from '../support/read-stream-events.js';
import {
  createResearcher,
  MODELS,
  signUpPlugin,
  signUpWithPassword,
  startResearchPlatform,
  type PluginUser,
  type ResearchPlatform,
} from '../support/research-platform.js';

const T0 = new Date('2030-01-01T00:00:00Z');
let now = T0;
const clock: Clock = { now: () => new Date(now), monotonicMs: () => performance.now() };
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

let platform: ResearchPlatform;
let admin: PluginClient;
let researcher: Record<string, string>;
let plain: PluginUser;

beforeAll(async () => {
  platform = await startResearchPlatform({ deps: { clock } });
  admin = new PluginClient(platform.app);
  const { user_id } = await signUpWithPassword(admin, 'admin@example.org');
  await setUserRole(platform.api.deps, user_id, 'admin', 'test');
  await admin.ok('POST', '/api/user/authenticate', {
    email: 'admin@example.org',
    password: 'Research-Passw0rd',
    provider: 'no_provider',
    token: '',
  });
  researcher = await createResearcher(platform, 'researcher@example.org');
  plain = await signUpPlugin(platform.app, 'plain@example.org');
}, 60_000);
afterAll(async () => {
  await platform?.close();
});

async function http(method: string, path: string, headers: Record<string, string> = {}, body?: unknown) {
  const res = await platform.app.request(path, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    body: (text ? JSON.parse(text) : {}) as Record<string, unknown>,
  };
}
const asAdmin = (method: string, path: string, body?: unknown) =>
  http(method, path, { cookie: admin.cookieHeader() }, body);
const eventsOf = async <T extends EventType>(type: T) =>
  (await readStreamEvents(
    platform.api.nats,
    platform.env.config.streamName,
    eventsOfTypeFilter(platform.env.config.natsPrefix, type),
  )) as DomainEvent<T>[];

const NO_TELEMETRY = {
  models: { offered: [MODELS.echo, MODELS.silent], defaults: [MODELS.echo] },
  modules: { telemetry: false, groundTruth: true, multiFileContext: true },
};
let armConfig: number;

describe('configs and studies', () => {
  it('answer 401 without credentials and 403 to a plain user, and a researcher may not change them', async () => {
    const routes: [string, string][] = [
      ['GET', '/api/configs'],
      ['POST', '/api/configs'],
      ['GET', '/api/studies'],
      ['POST', '/api/studies'],
      ['GET', `/api/studies/${randomUUID()}/report`],
    ];
    for (const [method, path] of routes) {
      const res = await http(method, path, {}, method === 'POST' ? {} : undefined);
      expect([method, path, res.status, res.type]).toEqual([method, path, 401, 'application/problem+json']);
      const user = await http(
        method,
        path,
        { cookie: plain.plugin.cookieHeader() },
        method === 'POST' ? {} : undefined,
      );
      expect([method, path, user.status, user.type]).toEqual([method, path, 403, 'application/problem+json']);
    }
    expect((await http('GET', '/api/configs', researcher)).status).toBe(403);
    expect((await http('POST', '/api/studies', researcher, {})).status).toBe(403);
    expect((await http('GET', '/api/studies', researcher)).status).toBe(200);
    // An admin's body the schema refuses: 422 as a problem naming the field.
    const bad = await asAdmin('POST', '/api/studies', { name: 'x', configIds: [1, 2], defaultConfigId: 1 });
    expect([bad.status, bad.type, bad.body.code]).toEqual([
      422,
      'application/problem+json',
      'validation_failed',
    ]);
    expect(bad.body.detail).toMatch(/startsAt/);
  });

  it('lets an admin create a config served as the HOCON the plugin reads, less the modules it switches off', async () => {
    const res = await asAdmin('POST', '/api/configs', { name: 'no-telemetry', document: NO_TELEMETRY });
    expect(res.status).toBe(201);
    armConfig = res.body.configId as number;
    expect(res.body).toMatchObject({ name: 'no-telemetry', document: NO_TELEMETRY, basedOn: null });
    const parsed = (await hocon.parse({ text: res.body.configData as string, strict: true })) as {
      config: {
        models: { available: { id: number; isDefault: boolean }[] };
        modules: { available: { id: string }[] };
      };
    };
    expect(parsed.config.models.available.map((m) => [m.id, m.isDefault])).toEqual([
      [MODELS.echo, true],
      [MODELS.silent, false],
    ]);
    expect(parsed.config.modules.available.map((m) => m.id)).toEqual([
      'contextAggregator',
      'BaseModelAggregator',
      'AfterInsertionAggregator',
    ]);
    const [event] = await eventsOf('config.created');
    expect(event?.data).toMatchObject({
      configId: armConfig,
      name: 'no-telemetry',
      configData: res.body.configData,
    });
    expect((await asAdmin('GET', `/api/configs/${armConfig}`)).body).toEqual(res.body);
    expect(
      ((await asAdmin('GET', '/api/configs')).body.configs as { configId: number }[]).map((c) => c.configId),
    ).toEqual([1, armConfig]);
    const bad = await asAdmin('POST', '/api/configs', {
      name: 'x',
      document: { ...NO_TELEMETRY, models: { offered: [99], defaults: [99] } },
    });
    expect([bad.status, bad.type, bad.body.detail]).toEqual([
      422,
      'application/problem+json',
      'The config is not valid: no model 99 in the registry.',
    ]);
    expect((await asAdmin('GET', '/api/configs/999')).status).toBe(404);
  });

  it('starts a study on time, gives each verified user their arm at sign-in, refuses a change of arm, and ends on time', async () => {
    const created = await asAdmin('POST', '/api/studies', {
      name: 'telemetry off',
      configIds: [1, armConfig],
      defaultConfigId: 1,
      startsAt: at(60).toISOString(),
      endsAt: at(120).toISOString(),
    });
    expect([created.status, created.body.status]).toEqual([201, 'scheduled']);
    const study = { studyId: created.body.studyId as string, configIds: [1, armConfig] };
    const overlap = await asAdmin('POST', '/api/studies', {
      name: 'x',
      configIds: [1, armConfig],
      defaultConfigId: 1,
      startsAt: at(90).toISOString(),
    });
    expect([overlap.status, overlap.body.code]).toEqual([409, 'studies_overlap']);

    // Users in both arms (the rule is a hash: sign up until each arm has one).
    const users: PluginUser[] = [];
    while (new Set(users.map((u) => armOf(study, u.userId))).size < 2 || users.length < 3) {
      const user = await signUpPlugin(platform.app, `user-${users.length}@example.org`);
      await setUserVerified(platform.api.deps, user.userId, true, 'test');
      users.push(user);
    }
    const [first] = users as [PluginUser];
    const configIdAt = async (user: PluginUser) =>
      (await user.plugin.ok<{ user: { config_id: number } }>('GET', '/api/user/get')).user.config_id;
    now = new Date(at(60).getTime() - 1);
    expect(await configIdAt(first)).toBe(1);
    expect((await runStudySchedule(platform.api.deps)).started).toEqual([]);
    now = at(60);
    const arm = armOf(study, first.userId);
    const served = await first.plugin.ok<{ config: string; user: { config_id: number } }>(
      'GET',
      '/api/user/get',
    );
    expect(served.user.config_id).toBe(arm);
    expect(served.config).toBe((await asAdmin('GET', `/api/configs/${arm}`)).body.configData);

    const change = await first.plugin.call('PUT', '/api/user/update', {
      config_id: arm === 1 ? armConfig : 1,
    });
    expect(change.status).toBe(403);
    expect((await first.plugin.call('PUT', '/api/user/update', { config_id: arm })).status).toBe(201);

    const pass = await runStudySchedule(platform.api.deps);
    expect(pass.started).toEqual([study.studyId]);
    expect(pass.assigned).toBe(users.length - 1);
    for (const u of users) expect(await configIdAt(u)).toBe(armOf(study, u.userId));
    const assigned = await eventsOf('study.arm.assigned');
    expect(assigned.map((e) => e.userId).sort()).toEqual(users.map((u) => u.userId).sort());
    expect(await configIdAt(plain)).toBe(1); // unverified: not in the study

    now = at(65);
    for (const u of users) {
      const res = await u.plugin.ok<{ data: { meta_query_id: string } }>(
        'POST',
        '/api/completion/request',
        completionBody(),
      );
      const accepted = armOf(study, u.userId) === armConfig;
      await u.plugin.ok('POST', '/api/completion/feedback', {
        meta_query_id: res.data.meta_query_id,
        model_id: MODELS.echo,
        was_accepted: accepted,
      });
    }

    now = at(120);
    expect(await configIdAt(first)).toBe(1);
    const ended = await runStudySchedule(platform.api.deps);
    expect(ended).toMatchObject({ ended: [study.studyId], released: users.length - 1 });
    for (const u of users) expect(await configIdAt(u)).toBe(1);
    expect((await eventsOf('study.ended')).map((e) => e.data)).toEqual([
      { studyId: study.studyId, endedAt: at(120).toISOString(), reason: 'schedule' },
    ]);
    expect((await asAdmin('GET', `/api/studies/${study.studyId}`)).body.status).toBe('ended');

    const last = await platform.caughtUp();
    const history = await platform.api.deps.db
      .selectFrom('study_arm_assignment')
      .selectAll()
      .where('study_id', '=', study.studyId)
      .execute();
    expect(history).toHaveLength(users.length);
    for (const row of history) {
      expect([row.config_id, row.released_at]).toEqual([armOf(study, row.user_id), at(120)]);
    }

    const report = await http('GET', `/api/studies/${study.studyId}/report`, researcher);
    expect(report.status).toBe(200);
    expect(report.body.asOfSeq).toBeGreaterThanOrEqual(last);
    const arms = report.body.arms as {
      configId: number;
      users: number;
      shown: number;
      accepted: number;
      difference: { value: number } | null;
    }[];
    const inArm = (configId: number) => users.filter((u) => armOf(study, u.userId) === configId).length;
    expect(arms.map((a) => [a.configId, a.users, a.shown, a.accepted])).toEqual([
      [1, inArm(1), inArm(1), 0],
      [armConfig, inArm(armConfig), inArm(armConfig), inArm(armConfig)],
    ]);
    expect(arms[1]!.difference!.value).toBe(1);

    const dataset = await platform.app.request(`/api/datasets/study-arms?format=ndjson`, {
      headers: researcher,
    });
    expect(dataset.status).toBe(200);
    const rows = (await dataset.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.map((r) => [r.user_id, r.config_id, r.is_default, r.shown, r.accepted]).sort()).toEqual(
      users
        .map((u) => {
          const arm = armOf(study, u.userId);
          return [u.userId, arm, arm === 1, 1, arm === 1 ? 0 : 1];
        })
        .sort(),
    );

    const text = await runCliInProcess(platform.env.config, ['studies', 'report', study.studyId]);
    expect(text).toMatchObject({ code: 0, stderr: '' });
    expect(text.stdout).toContain(`study ${study.studyId} (telemetry off)`);
    expect(text.stdout).toMatch(/^1\* +control|^1\* +default/m);

    // Erased with their data: the user's assignment history goes too.
    await first.plugin.ok('DELETE', '/api/user/delete?delete_data=true');
    await eventually(async () => {
      const rows = await platform.api.deps.db
        .selectFrom('study_arm_assignment')
        .select('user_id')
        .where('user_id', '=', first.userId)
        .execute();
      expect(rows).toEqual([]);
    });
  });

  it('c4m configs and c4m studies create, list, show and end, with exit 4 for what does not exist', async () => {
    const c4m = (...args: string[]) => runCliInProcess(platform.env.config, args);
    const created = await c4m(
      'configs',
      'create',
      '--name',
      'echo-only',
      '--from',
      String(armConfig),
      '--models',
      '1',
      '--defaults',
      '1',
      '--no-ground-truth',
    );
    expect(created).toMatchObject({ code: 0, stderr: '' });
    const id = Number(/^config (\d+) created/.exec(created.stdout)?.[1]);
    const shown = JSON.parse((await c4m('configs', 'show', String(id))).stdout) as {
      basedOn: number;
      document: unknown;
    };
    expect(shown).toMatchObject({
      basedOn: armConfig,
      document: {
        models: { offered: [1], defaults: [1] },
        modules: { telemetry: false, groundTruth: false, multiFileContext: true },
      },
    });
    expect((await c4m('configs', 'list')).stdout).toMatch(/echo-only +1 +1 +off +off +on/);
    expect(await c4m('configs', 'show', '999')).toMatchObject({ code: 4 });

    const study = await c4m(
      'studies',
      'create',
      '--name',
      'later',
      '--configs',
      `1,${id}`,
      '--default',
      '1',
      '--starts',
      '2031-01-01T00:00:00Z',
    );
    expect(study).toMatchObject({ code: 0, stderr: '' });
    const studyId = /^study (\S+) created \(scheduled\)/.exec(study.stdout)?.[1] ?? '';
    expect((await c4m('studies', 'list')).stdout).toContain(studyId);
    expect(JSON.parse((await c4m('studies', 'show', studyId)).stdout)).toMatchObject({
      studyId,
      configIds: [1, id],
      status: 'scheduled',
    });
    const bad = await c4m(
      'studies',
      'create',
      '--name',
      'x',
      '--configs',
      `1,${id}`,
      '--default',
      '7',
      '--starts',
      '2032-01-01T00:00:00Z',
    );
    expect(bad).toMatchObject({
      code: 1,
      stderr: 'c4m: The study is not valid: the default config 7 is not one of its arms.\n',
    });
    expect(await c4m('studies', 'end', studyId)).toMatchObject({ code: 0 });
    expect(JSON.parse((await c4m('studies', 'show', studyId)).stdout)).toMatchObject({ status: 'ended' });
    expect(await c4m('studies', 'show', randomUUID())).toMatchObject({ code: 4 });
  });
});

function completionBody() {
  return {
    model_ids: [MODELS.echo],
    context: { prefix: 'def f(', suffix: '\n', file_name: 'main.py', context_files: [] },
    contextual_telemetry: {
      version_id: 3,
      trigger_type_id: 1,
      language_id: 47,
      file_path: '/m.py',
      caret_line: 1,
      document_char_length: 9,
      relative_document_position: 0.5,
    },
    behavioral_telemetry: { time_since_last_shown: 1, time_since_last_accepted: 0, typing_speed: 4 },
    store_context: false,
    store_contextual_telemetry: true,
    store_behavioral_telemetry: true,
  };
}
