// The start-up failure for an event stream whose settings could delete facts: each offending field, its value,
// what it does to the events and how to fix it, so an operator can act on the message alone.
import type { StreamConfigProblem } from './stream-config-check.js';

export class UnsafeStreamConfigError extends Error {
  readonly code = 'unsafe_stream_config' as const;
  constructor(
    readonly streamName: string,
    readonly problems: readonly StreamConfigProblem[],
  ) {
    const lines = problems.map(
      (p) => `  - ${p.field} = ${JSON.stringify(p.value)}: ${p.harm}. Fix: ${p.fix}.`,
    );
    super(
      `event stream ${streamName} could lose events, so Code4me does not start on it ` +
        `(nothing was changed):\n${lines.join('\n')}`,
    );
    this.name = 'UnsafeStreamConfigError';
  }
}
