// Load through the platform's EventPublisher, events of the mix in turn, latencies in microseconds: a closed loop
// of N publishers (each sends its next event when the last was acknowledged) and an open loop at a fixed rate.
import { v7 as uuidv7 } from 'uuid';
import type { EventPublisher } from '../../src/bus/event-publisher.js';
import { encodeEvent, type DomainEvent } from '../../events/index.js';

export interface PublishSample {
  latenciesUs: number[];
  bytes: number;
  errors: number;
  elapsedS: number;
}

export interface PublishResult {
  events: number;
  errors: number;
  eventsPerS: number;
  mbPerS: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
}

export async function runPublishers(
  publisher: EventPublisher,
  mix: readonly DomainEvent[],
  publishers: number,
  durationMs: number,
): Promise<PublishSample> {
  const sample: PublishSample = { latenciesUs: [], bytes: 0, errors: 0, elapsedS: 0 };
  const sizes = mix.map((e) => encodeEvent(e).byteLength);
  const start = performance.now();
  const end = start + durationMs;
  const loop = async (offset: number): Promise<void> => {
    for (let i = offset; performance.now() < end; i++) {
      const k = i % mix.length;
      const event = { ...(mix[k] as DomainEvent), id: uuidv7() };
      const t0 = performance.now();
      try {
        await publisher.append(event);
        sample.latenciesUs.push((performance.now() - t0) * 1000);
        sample.bytes += sizes[k] ?? 0;
      } catch {
        sample.errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: publishers }, (_, p) => loop(p)));
  sample.elapsedS = (performance.now() - start) / 1000;
  return sample;
}

/**
 * An open loop at a fixed rate, as the plugins' traffic arrives: an event every 1/rate seconds whether or not the
 * last was acknowledged, so the latency is the one a request sees at that load, not at saturation.
 */
export async function runAtRate(
  publisher: EventPublisher,
  mix: readonly DomainEvent[],
  eventsPerS: number,
  durationMs: number,
): Promise<PublishSample> {
  const sample: PublishSample = { latenciesUs: [], bytes: 0, errors: 0, elapsedS: 0 };
  const sizes = mix.map((e) => encodeEvent(e).byteLength);
  const count = Math.round((eventsPerS * durationMs) / 1000);
  const start = performance.now();
  const inFlight: Array<Promise<void>> = [];
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / eventsPerS;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const k = i % mix.length;
    const t0 = performance.now();
    inFlight.push(
      publisher.append({ ...(mix[k] as DomainEvent), id: uuidv7() }).then(
        () => {
          sample.latenciesUs.push((performance.now() - t0) * 1000);
          sample.bytes += sizes[k] ?? 0;
        },
        () => void (sample.errors += 1),
      ),
    );
  }
  await Promise.all(inFlight);
  sample.elapsedS = (performance.now() - start) / 1000;
  return sample;
}

/** Merges the rounds of one server and one publisher count into its figures. */
export function summarise(samples: readonly PublishSample[]): PublishResult {
  const latencies = samples.flatMap((s) => s.latenciesUs).sort((a, b) => a - b);
  const elapsedS = samples.reduce((t, s) => t + s.elapsedS, 0);
  const bytes = samples.reduce((t, s) => t + s.bytes, 0);
  const pct = (p: number) =>
    (latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN) / 1000;
  return {
    events: latencies.length,
    errors: samples.reduce((t, s) => t + s.errors, 0),
    eventsPerS: latencies.length / elapsedS,
    mbPerS: bytes / elapsedS / 1e6,
    p50Ms: pct(0.5),
    p90Ms: pct(0.9),
    p99Ms: pct(0.99),
  };
}
