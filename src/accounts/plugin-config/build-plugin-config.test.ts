import { describe, expect, it } from 'vitest';
import hocon from '@pushcorn/hocon-parser';
import { loadModelRegistry } from '../../inference/model-registry.js';
import { buildPluginConfig } from './build-plugin-config.js';
import { renderHocon } from './hocon.js';

interface ParsedConfig {
  config: {
    modules: {
      available: { id: string; class: string; submodules: { class: string }[] }[];
      categories: object;
    };
    server: Record<string, unknown>;
    auth: { google: { clientId: string } };
    models: { available: Record<string, unknown>[]; systemPrompt: string };
    languages: Record<string, number>;
  };
}

const parse = async (text: string) => (await hocon.parse({ text, strict: true })) as ParsedConfig;
const registry = loadModelRegistry('models/registry.json');

describe('the plugin config', () => {
  it('parses as HOCON with every model carrying all four keys the plugin reads', async () => {
    const { config } = await parse(buildPluginConfig(registry));
    expect(config.models.available).toHaveLength(registry.models.length);
    for (const m of config.models.available) {
      expect(Object.keys(m).sort()).toEqual(['id', 'isChatModel', 'isDefault', 'name']);
      expect(Number.isInteger(m.id)).toBe(true);
    }
    expect(config.models.available.find((m) => m.id === 3)).toEqual({
      id: 3,
      name: 'Ministral-8B-Instruct',
      isChatModel: true,
      isDefault: true,
    });
    expect(config.models.systemPrompt).toMatch(/^You are a helpful assistant/);
  });

  it('maps the 179 JetBrains languages to the Python server ids', async () => {
    const { languages } = (await parse(buildPluginConfig(registry))).config;
    expect(Object.keys(languages)).toHaveLength(179);
    expect(languages).toMatchObject({
      Python: 47,
      Java: 11,
      'C/C++': 123,
      'Oracle SQL*Plus': 45,
      '.gitignore (GitIgnore)': 59,
      'Shell Script': 158,
      JavaScript: 169,
      unknown: 179,
    });
  });

  it('lists the five aggregators with plugin classes, the categories, the server and auth blocks', async () => {
    const { config } = await parse(
      buildPluginConfig(registry, { googleClientId: 'abc.apps.googleusercontent.com' }),
    );
    expect(config.modules.available.map((m) => m.id)).toEqual([
      'BehavioralTelemetryAggregator',
      'ContextualTelemetryAggregator',
      'contextAggregator',
      'BaseModelAggregator',
      'AfterInsertionAggregator',
    ]);
    const classes = config.modules.available.flatMap((m) => [m.class, ...m.submodules.map((s) => s.class)]);
    expect(classes).toHaveLength(15);
    for (const c of classes) expect(c).toMatch(/^me\.code4me\.services\.modules\.[A-Za-z.]+$/);
    expect(Object.keys(config.modules.categories)).toHaveLength(6);
    expect(config.server).toEqual({ host: 'http://127.0.0.1', port: 8008, contextPath: '', timeout: 5000 });
    expect(config.auth.google.clientId).toBe('abc.apps.googleusercontent.com');
  });

  it('quotes keys and escapes strings so that no value can break the document', async () => {
    const text = renderHocon({
      a: { 'x.y "z"': 'line\nbreak "q" ${sub} \\ // not a comment', n: [1, true, null] },
    });
    expect(await hocon.parse({ text, strict: true })).toEqual({
      a: { 'x.y "z"': 'line\nbreak "q" ${sub} \\ // not a comment', n: [1, true, null] },
    });
  });
});

describe('a config as data', () => {
  it('offers only its models with its defaults and drops the modules it switches off, in the same shape', async () => {
    const document = {
      models: { offered: [1, 3], defaults: [1] },
      modules: { telemetry: false, groundTruth: false, multiFileContext: false },
    };
    const { config } = await parse(buildPluginConfig(registry, { document }));
    expect(config.models.available.map((m) => [m.id, m.isDefault])).toEqual([
      [1, true],
      [3, false],
    ]);
    for (const m of config.models.available)
      expect(Object.keys(m).sort()).toEqual(['id', 'isChatModel', 'isDefault', 'name']);
    const modules = config.modules.available as unknown as {
      id: string;
      submodules: { id: string }[];
      dependencies: { moduleId: string }[];
    }[];
    expect(modules.map((m) => m.id)).toEqual([
      'contextAggregator',
      'BaseModelAggregator',
      'AfterInsertionAggregator',
    ]);
    const subs = modules.flatMap((m) => m.submodules.map((s) => s.id));
    expect(subs).toEqual([
      'FileContextRetrievalModule',
      'ChatModel',
      'CompletionModel',
      'AcceptanceFeedback',
    ]);
    expect(modules.flatMap((m) => m.dependencies.map((d) => d.moduleId))).toEqual(subs);
    expect(Object.keys(config.languages)).toHaveLength(179);
  });

  it('is config 1 unchanged when the document switches everything on and offers every model', async () => {
    const document = {
      models: {
        offered: registry.models.map((m) => m.id),
        defaults: registry.models.filter((m) => m.isDefault).map((m) => m.id),
      },
      modules: { telemetry: true, groundTruth: true, multiFileContext: true },
    };
    expect(buildPluginConfig(registry, { document })).toBe(buildPluginConfig(registry));
  });
});
