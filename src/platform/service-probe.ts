// Asks whether NATS, PostgreSQL or Redis answers at a host and port, by speaking the first word of each one's
// protocol (an open port alone could belong to something else).
import net from 'node:net';

export type ServiceName = 'nats' | 'postgres' | 'redis';

export interface ServiceEndpoint {
  host: string;
  port: number;
}

type Verdict = 'yes' | 'no' | 'more';

/**
 * PostgreSQL's StartupMessage (protocol 3.0) as user `postgres`: a server that accepts connections answers with
 * an authentication request ('R') or an error; the error 57P03 means it is still starting (or stopping).
 */
const PG_STARTUP = ((): Buffer => {
  const body = Buffer.from('user\0postgres\0database\0postgres\0\0', 'latin1');
  const head = Buffer.alloc(8);
  head.writeInt32BE(8 + body.length, 0);
  head.writeInt32BE(196_608, 4);
  return Buffer.concat([head, body]);
})();

const PG_TERMINATE = Buffer.from([0x58, 0, 0, 0, 4]);

function postgresVerdict(d: Buffer): Verdict {
  if (d[0] === 0x52) return 'yes';
  if (d[0] !== 0x45) return 'no';
  if (d.length < 5 || d.length < 1 + d.readInt32BE(1)) return 'more';
  return d.includes('C57P03', 0, 'latin1') ? 'no' : 'yes';
}

const HANDSHAKES: Record<ServiceName, { hello?: Buffer; verdict: (data: Buffer) => Verdict }> = {
  nats: {
    verdict: (d) => (d.length < 5 ? 'more' : d.subarray(0, 5).toString('latin1') === 'INFO ' ? 'yes' : 'no'),
  },
  redis: {
    hello: Buffer.from('PING\r\n'),
    verdict: (d) =>
      /^(\+PONG|-NOAUTH|-ERR|-DENIED)/.test(d.toString('latin1')) ? 'yes' : d.length < 6 ? 'more' : 'no',
  },
  postgres: { hello: PG_STARTUP, verdict: postgresVerdict },
};

const DEFAULT_PORTS: Record<ServiceName, number> = { nats: 4222, postgres: 5432, redis: 6379 };

/** Host and port of a service URL (the first server of a comma-separated NATS list). */
export function serviceEndpoint(service: ServiceName, url: string): ServiceEndpoint {
  const first = url.split(',')[0]?.trim() ?? '';
  const parsed = new URL(first.includes('://') ? first : `${service}://${first}`);
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1';
  return { host, port: Number(parsed.port) || DEFAULT_PORTS[service] };
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** True when the service answers its protocol's greeting within the timeout and is ready for clients. */
export function probeService(
  service: ServiceName,
  endpoint: ServiceEndpoint,
  timeoutMs = 1500,
): Promise<boolean> {
  const { hello, verdict } = HANDSHAKES[service];
  return new Promise((resolve) => {
    let received = Buffer.alloc(0);
    const socket = net.connect({ host: endpoint.host, port: endpoint.port });
    const finish = (ok: boolean): void => {
      clearTimeout(timer);
      // A polite Terminate, so PostgreSQL does not log the probe as a lost client.
      if (ok && service === 'postgres') socket.end(PG_TERMINATE);
      else socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.once('connect', () => {
      if (hello) socket.write(hello);
    });
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const v = received.length > 4096 ? 'no' : verdict(received);
      if (v !== 'more') finish(v === 'yes');
    });
    socket.once('error', () => finish(false));
    socket.once('close', () => finish(false));
  });
}

/** Polls until the service answers; false when the deadline passes or `gaveUp` says to stop early. */
export async function waitUntilAnswers(
  service: ServiceName,
  endpoint: ServiceEndpoint,
  timeoutMs: number,
  gaveUp: () => boolean = () => false,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !gaveUp()) {
    if (await probeService(service, endpoint, 500)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}
