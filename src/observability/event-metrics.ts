// Events appended to the stream (acknowledged by JetStream), and appends that failed, by event type.
// withAppendCounts wraps the publisher port so every append of the process is counted.
import { Counter, type Registry } from 'prom-client';
import type { AppendResult, EventPublisher } from '../bus/event-publisher.js';
import { oncePerRegistry } from './once-per-registry.js';

export interface EventMetrics {
  appended(type: string, duplicate: boolean): void;
  failed(type: string): void;
}

export const ensureEventMetrics = oncePerRegistry((registry: Registry): EventMetrics => {
  const registers = [registry];
  const appended = new Counter({
    name: 'c4m_events_appended_total',
    help: 'Events JetStream acknowledged, by type (duplicate="true": a retry it had already stored)',
    labelNames: ['type', 'duplicate'] as const,
    registers,
  });
  const failed = new Counter({
    name: 'c4m_event_append_failures_total',
    help: 'Appends that failed after their retries, by event type',
    labelNames: ['type'] as const,
    registers,
  });
  return {
    appended: (type, duplicate) => appended.inc({ type, duplicate: String(duplicate) }),
    failed: (type) => failed.inc({ type }),
  };
});

export function withAppendCounts(publisher: EventPublisher, metrics: EventMetrics): EventPublisher {
  const append: EventPublisher['append'] = async (event, opts) => {
    let result: AppendResult;
    try {
      result = await publisher.append(event, opts);
    } catch (err) {
      metrics.failed(event.type);
      throw err;
    }
    metrics.appended(event.type, result.duplicate);
    return result;
  };
  return { append, appendAll: (events) => Promise.all(events.map((e) => append(e))) };
}
