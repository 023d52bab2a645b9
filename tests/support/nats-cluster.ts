// A three-node NATS cluster with JetStream on loopback for the cluster tests: one nats-server process per node
// (client port, cluster port, own store folder under a temp dir, all routes listed), which a test can kill
// with SIGKILL and start again on the same ports and store so that it catches up.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { eventually } from './eventually.js';

export interface NatsClusterNode {
  name: string;
  clientPort: number;
  clusterPort: number;
  /** The monitoring port (/healthz, /jsz). */
  monitorPort: number;
  /** nats://127.0.0.1:<clientPort> */
  url: string;
  running(): boolean;
}

export interface NatsCluster {
  nodes: NatsClusterNode[];
  /** Every node's client URL, comma-separated: the value of NATS_URL. */
  url: string;
  /** SIGKILL: no clean shutdown, no goodbye to the other nodes. */
  kill(name: string): Promise<void>;
  /** Starts a killed node again on its ports and its store folder. */
  restart(name: string): Promise<void>;
  /** The node's own copy of a stream (its /jsz report): what it holds, whether or not it leads. */
  localStreamState(name: string, stream: string): Promise<LocalStreamState | null>;
  /** The last lines of a node's log, for failure messages. */
  logTail(name: string, lines?: number): string;
  close(): Promise<void>;
}

export interface LocalStreamState {
  messages: number;
  first_seq: number;
  last_seq: number;
}

interface NodeState extends NatsClusterNode {
  dir: string;
  confFile: string;
  logFile: string;
  child: ChildProcess | null;
}

const CLUSTER_NAME = 'c4m-test';

export async function startNatsCluster(size = 3): Promise<NatsCluster> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'c4m-nats-cluster-'));
  const ports = await freePorts(size * 3);
  const nodes = Array.from({ length: size }, (_, i): NodeState => {
    const name = `n${i + 1}`;
    const clientPort = ports[i * 3]!;
    const node: NodeState = {
      name,
      clientPort,
      clusterPort: ports[i * 3 + 1]!,
      monitorPort: ports[i * 3 + 2]!,
      url: `nats://127.0.0.1:${clientPort}`,
      dir: path.join(root, name),
      confFile: path.join(root, `${name}.conf`),
      logFile: path.join(root, `${name}.log`),
      child: null,
      running: () => node.child !== null && node.child.exitCode === null && node.child.signalCode === null,
    };
    return node;
  });
  for (const node of nodes) writeFileSync(node.confFile, nodeConfig(node, nodes));
  const byName = (name: string): NodeState => {
    const node = nodes.find((n) => n.name === name);
    if (!node) throw new Error(`no node ${name} in the cluster`);
    return node;
  };
  const url = nodes.map((n) => n.url).join(',');
  const cluster: NatsCluster = {
    nodes,
    url,
    kill: async (name) => {
      const node = byName(name);
      const child = node.child;
      if (!child || !node.running()) return;
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      });
    },
    restart: async (name) => {
      const node = byName(name);
      if (node.running()) throw new Error(`node ${name} is still running`);
      launch(node);
      await waitForPort(node, () => cluster.logTail(name));
    },
    localStreamState: async (name, stream) => {
      const res = await fetch(`http://127.0.0.1:${byName(name).monitorPort}/jsz?accounts=true&streams=true`);
      if (!res.ok) throw new Error(`/jsz of ${name} answered ${res.status}`);
      const jsz = (await res.json()) as JszReport;
      const streams = (jsz.account_details ?? []).flatMap((a) => a.stream_detail ?? []);
      return streams.find((s) => s.name === stream)?.state ?? null;
    },
    logTail: (name, lines = 30) => {
      const text = readFileSync(byName(name).logFile, 'utf8').trimEnd().split('\n');
      return text.slice(-lines).join('\n');
    },
    close: async () => {
      for (const node of nodes) await cluster.kill(node.name);
      rmSync(root, { recursive: true, force: true });
    },
  };
  try {
    for (const node of nodes) launch(node);
    for (const node of nodes) await waitForPort(node, () => cluster.logTail(node.name));
    await waitForJetStream(url);
  } catch (err) {
    await cluster.close();
    throw err;
  }
  return cluster;
}

/** The same settings as docs/nats-cluster.conf, on loopback ports; nats-server 2.9 takes no sync_interval. */
function nodeConfig(node: NodeState, all: NodeState[]): string {
  const routes = all.filter((n) => n !== node).map((n) => `    nats-route://127.0.0.1:${n.clusterPort}`);
  return [
    `server_name: ${node.name}`,
    `listen: 127.0.0.1:${node.clientPort}`,
    `http: 127.0.0.1:${node.monitorPort}`,
    'max_payload: 8MB',
    'jetstream {',
    `  store_dir: "${node.dir}"`,
    '  max_memory_store: 64MB',
    '  max_file_store: 1GB',
    '}',
    'cluster {',
    `  name: ${CLUSTER_NAME}`,
    `  listen: 127.0.0.1:${node.clusterPort}`,
    '  routes: [',
    ...routes,
    '  ]',
    '}',
    '',
  ].join('\n');
}

interface JszReport {
  account_details?: Array<{ stream_detail?: Array<{ name: string; state: LocalStreamState }> }>;
}

function launch(node: NodeState): void {
  const log = openSync(node.logFile, 'a');
  node.child = spawn('nats-server', ['-c', node.confFile], { stdio: ['ignore', log, log] });
  closeSync(log);
  node.child.on('error', () => undefined);
}

async function waitForPort(node: NodeState, tail: () => string): Promise<void> {
  await eventually(
    async () => {
      if (!node.running()) throw new Error(`nats-server ${node.name} exited:\n${tail()}`);
      await new Promise<void>((resolve, reject) => {
        const s = net.connect({ host: '127.0.0.1', port: node.clientPort }, () => {
          s.end();
          resolve();
        });
        s.on('error', reject);
      });
    },
    15_000,
    50,
  );
}

/** Until the JetStream meta group has a leader: account info answers only then. */
export async function waitForJetStream(url: string): Promise<void> {
  const nc = await connect({ servers: url.split(',') });
  try {
    const jsm = await jetstreamManager(nc, { checkAPI: false });
    await eventually(() => jsm.getAccountInfo(), 30_000, 200);
  } finally {
    await nc.close();
  }
}

export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<net.Server>((resolve, reject) => {
          const s = net.createServer();
          s.once('error', reject);
          s.listen(0, '127.0.0.1', () => resolve(s));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}
