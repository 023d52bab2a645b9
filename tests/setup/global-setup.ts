// Runs once before the suite: fails fast, with the command to run, when a service the tests need is down.
import net from 'node:net';

const services = [
  { name: 'NATS (JetStream)', url: process.env.NATS_URL ?? 'nats://127.0.0.1:4222', port: 4222 },
  { name: 'PostgreSQL', url: process.env.DATABASE_URL ?? 'postgres://127.0.0.1:5432', port: 5432 },
  { name: 'Redis', url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', port: 6379 },
];

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port, timeout: 2000 }, () => {
      s.end();
      resolve(true);
    });
    s.on('error', () => resolve(false));
    s.on('timeout', () => {
      s.destroy();
      resolve(false);
    });
  });
}

export default async function setup(): Promise<void> {
  const down: string[] = [];
  for (const s of services) {
    const u = new URL(s.url);
    if (!(await reachable(u.hostname || '127.0.0.1', Number(u.port) || s.port)))
      down.push(`${s.name} at ${s.url}`);
  }
  if (down.length > 0) {
    throw new Error(
      `services not reachable: ${down.join(', ')}. Start them with 'bash .ci/services.sh' (or docker compose up nats postgres redis).`,
    );
  }
}
