// The start-up failure for C4M_STREAM_REPLICAS above 1 on a NATS server outside a cluster, which keeps one copy
// whatever the stream says.
export class StreamReplicasUnavailableError extends Error {
  readonly code = 'stream_replicas_unavailable' as const;
  constructor(
    readonly streamName: string,
    readonly replicas: number,
  ) {
    super(
      `C4M_STREAM_REPLICAS is ${replicas}, but the NATS server is not part of a cluster, so event stream ` +
        `${streamName} could keep only one copy of each event. Set C4M_STREAM_REPLICAS=1 for a single server ` +
        '(with sync_interval: always, docs/operations.md), or point NATS_URL at a cluster of at least ' +
        `${replicas} servers.`,
    );
    this.name = 'StreamReplicasUnavailableError';
  }
}
