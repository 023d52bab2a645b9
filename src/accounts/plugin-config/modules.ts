// The plugin modules the default config switches on: the Python server's five aggregators with their
// submodules and dependencies, and the module categories. Class names must be classes of the plugin.
// Removing a module here switches that behaviour off in the plugin (how a study drops telemetry or ground truth).
export type PluginSubmodule = {
  id: string;
  class: string;
  name: string;
  type: string;
  description: string;
  enabled: boolean;
};

export type PluginModule = PluginSubmodule & {
  submodules: PluginSubmodule[];
  dependencies: { moduleId: string; isHard: boolean }[];
};

const PKG = 'me.code4me.services.modules';

function sub(id: string, pkg: string, type: string, name: string, description: string): PluginSubmodule {
  return { id, class: `${PKG}.${pkg}.${id}`, name, type, description, enabled: true };
}

function aggregator(
  id: string,
  className: string,
  name: string,
  description: string,
  submodules: PluginSubmodule[],
  hard: string[] = [],
): PluginModule {
  return {
    id,
    class: `${PKG}.aggregators.${className}`,
    name,
    type: 'aggregator',
    description,
    enabled: true,
    submodules,
    dependencies: submodules.map((s) => ({ moduleId: s.id, isHard: hard.includes(s.id) })),
  };
}

const BEHAVIORAL = 'telemetry.behavioral';

export const DEFAULT_PLUGIN_MODULES: readonly PluginModule[] = [
  aggregator(
    'BehavioralTelemetryAggregator',
    'BaseBehavioralTelemetryAggregator',
    'Behavioral Telemetry Aggregator',
    'Module for aggregating behavioral telemetry data',
    [
      sub(
        'TimeSinceLastAcceptedCompletion',
        BEHAVIORAL,
        'telemetry',
        'Time Since Last Accepted Completion',
        'Calculates the time since the last accepted completion',
      ),
      sub(
        'TimeSinceLastShownCompletion',
        BEHAVIORAL,
        'telemetry',
        'Time Since Last Shown Completion',
        'Calculates the time since the last shown completion',
      ),
      sub('TypingSpeed', BEHAVIORAL, 'telemetry', 'Typing Speed', 'Calculates the typing speed of the user'),
    ],
  ),
  aggregator(
    'ContextualTelemetryAggregator',
    'BaseContextualTelemetryAggregator',
    'Contextual Telemetry Aggregator',
    'Module for aggregating contextual telemetry data',
    [
      sub(
        'EditorContextRetrievalModule',
        'telemetry.contextual',
        'telemetry',
        'Editor Context Retrieval Module',
        'Retrieves context from the editor',
      ),
    ],
  ),
  aggregator(
    'contextAggregator',
    'BaseContextAggregator',
    'Context Aggregator',
    'Module for aggregating context data',
    [
      sub(
        'FileContextRetrievalModule',
        'context',
        'context',
        'File Context Retrieval Module',
        'Retrieves context from the file',
      ),
      sub(
        'MultiFileContextRetrievalModule',
        'context',
        'context',
        'Multi File Context Retrieval Module',
        'Retrieves context from multiple files',
      ),
    ],
    ['FileContextRetrievalModule'],
  ),
  aggregator(
    'BaseModelAggregator',
    'BaseModelAggregator',
    'Model Aggregator',
    'Module for aggregating model data',
    [
      sub(
        'ChatModel',
        'model',
        'model',
        'Model Selection and Settings for Chat',
        'Module for selecting the appropriate model for chat interactions',
      ),
      sub(
        'CompletionModel',
        'model',
        'model',
        'Model Selection and Settings for Code Completion',
        'Module for selecting the appropriate model for code generation',
      ),
    ],
    ['ChatModel', 'CompletionModel'],
  ),
  aggregator(
    'AfterInsertionAggregator',
    'BaseAfterInsertionAggregator',
    'After Insertion Aggregator',
    'Module for aggregating after code insertion activities',
    [
      sub(
        'GroundTruth',
        'afterInsertion',
        'afterInsertion',
        'Ground Truth Module',
        'Module for handling actions after code insertion',
      ),
      sub(
        'AcceptanceFeedback',
        'afterInsertion',
        'afterInsertion',
        'Code Insertion Acceptance Feedback Module',
        'Module for sending acceptance feedback after code insertion',
      ),
    ],
  ),
];

export const DEFAULT_MODULE_CATEGORIES: Readonly<Record<string, { path: string; description: string }>> = {
  behavioralTelemetry: {
    path: `${PKG}.telemetry.behavioral`,
    description: 'Modules for behavioral telemetry collection',
  },
  contextualTelemetry: {
    path: `${PKG}.telemetry.contextual`,
    description: 'Modules for contextual telemetry collection',
  },
  context: { path: `${PKG}.context`, description: 'Modules for context retrieval' },
  aggregators: { path: `${PKG}.aggregators`, description: 'Modules for data aggregation' },
  models: { path: `${PKG}.model`, description: 'Modules for model selection and settings' },
  afterInsertion: { path: `${PKG}.afterInsertion`, description: 'Modules for actions after code insertion' },
};

/** Modules the plugin loses per switch: telemetry both telemetry aggregators, the others one submodule each. */
const SWITCHED_OFF = {
  telemetry: ['BehavioralTelemetryAggregator', 'ContextualTelemetryAggregator'],
  groundTruth: ['GroundTruth'],
  multiFileContext: ['MultiFileContextRetrievalModule'],
} as const;

/** The default modules less those a config switches off (removing a module disables it in the plugin). */
export function modulesOf(switches: Record<keyof typeof SWITCHED_OFF, boolean>): PluginModule[] {
  const off = new Set<string>(
    Object.entries(SWITCHED_OFF).flatMap(([key, ids]) =>
      switches[key as keyof typeof SWITCHED_OFF] ? [] : ids,
    ),
  );
  return DEFAULT_PLUGIN_MODULES.filter((m) => !off.has(m.id)).map((m) => ({
    ...m,
    submodules: m.submodules.filter((s) => !off.has(s.id)),
    dependencies: m.dependencies.filter((d) => !off.has(d.moduleId)),
  }));
}
