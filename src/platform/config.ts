// The platform's configuration: the only module that reads process.env. Every value has a default that
// works on a laptop with the local services; docs/configuration.md lists them.
import { z } from 'zod';

const int = (def: number) => z.coerce.number().int().positive().default(def);
const splitList = (s: string): string[] =>
  s
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);

export const ConfigSchema = z.object({
  host: z.string().default('0.0.0.0'),
  port: z.coerce.number().int().min(0).max(65535).default(8008),
  natsUrl: z.string().default('nats://127.0.0.1:4222'),
  /** Prefix of every subject; tests use their own so they never meet a dev stack. */
  natsPrefix: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('c4m'),
  streamName: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('C4M_EVENTS'),
  /** Copies of each event: 1 on a single server, 3 in a cluster (docs/operations.md, Durability). */
  streamReplicas: z.coerce.number().int().min(1).max(5).default(1),
  databaseUrl: z.string().default('postgres://postgres@127.0.0.1:5432/code4me'),
  redisUrl: z.string().default('redis://127.0.0.1:6379'),
  redisPrefix: z.string().default('c4m:'),
  authTokenTtlS: int(86_400),
  sessionTokenTtlS: int(7_200),
  modelRegistryFile: z.string().default('models/registry.json'),
  /** Model ids this inference worker serves; empty means every model of the registry. */
  inferenceModels: z
    .string()
    .default('')
    .transform((s) => s.split(',').filter(Boolean).map(Number)),
  /** Largest accepted request body; multi-file context updates carry whole files. */
  bodyLimitBytes: int(4 * 1024 * 1024),
  serverVersionId: int(1),
  /** Requests per minute per client and route group (see src/api/middleware/rate-limit.ts). */
  rateLimitPerMinute: int(600),
  /** Sign-up and sign-in attempts per minute for one e-mail from one address. */
  authRateLimitPerMinute: int(30),
  /** Per route group budgets that differ from rateLimitPerMinute: `completion=1200,auth-address=300`. */
  rateLimitRoutes: z
    .string()
    .default('')
    .transform((s, ctx) => parseRouteLimits(s, ctx)),
  /** Peers whose X-Forwarded-For names the client (rate limits): `loopback`, addresses, CIDR ranges. */
  trustedProxies: z.string().default('loopback').transform(splitList),
  /** Origins allowed to call the API from a browser (CORS) besides the dashboard's. */
  corsOrigins: z.string().default('').transform(splitList),
  /** Strict-Transport-Security max-age; 0 (no header) unless the API is served over TLS. */
  hstsMaxAgeS: z.coerce.number().int().min(0).default(0),
  googleClientIds: z
    .string()
    .default('')
    .transform((s) => s.split(',').filter(Boolean)),
  dataDir: z.string().default('.data'),
  /** Start local nats-server / postgres / redis under dataDir when they do not answer. */
  autoStartServices: z
    .enum(['true', 'false'])
    .default('true')
    .transform((s) => s === 'true'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The c4m command line's own log level: its progress and summary lines say what info would. */
  cliLogLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
  /** Dataset downloads one API process streams at once, each on a pooled connection (docs/datasets.md). */
  datasetMaxDownloads: int(4),
  /** How long a download with as_of_seq waits for the read models to reach it before answering 503. */
  datasetPinWaitMs: z.coerce.number().int().min(0).max(60_000).default(2_000),
  onnxThreads: int(2),
  onnxExecutionProvider: z.enum(['cpu', 'cuda']).default('cpu'),
  /** The dashboard (the ui role, ui/): its port, the API it calls and the origin browsers reach it at. */
  uiPort: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Empty: the api role of the same process, else http://127.0.0.1:<port>. */
  uiApiUrl: z.string().default(''),
  /** Empty: http://localhost:<uiPort>. */
  uiOrigin: z.string().default(''),
  /** Behind a proxy: the header the dashboard's server reads the browser's address from (X-Forwarded-For). */
  uiAddressHeader: z.string().default(''),
  /** With X-Forwarded-For: how many proxies in front of the dashboard append to it. */
  uiXffDepth: int(1),
  /** /metrics and /health of a process without the api role (with it, they are on `port`); 0: any free port. */
  inferenceMetricsPort: z.coerce.number().int().min(0).max(65535).default(9464),
  projectionsMetricsPort: z.coerce.number().int().min(0).max(65535).default(9465),
});
export type Config = z.infer<typeof ConfigSchema>;

const ENV_NAMES: Record<keyof Config, string> = {
  host: 'C4M_HOST',
  port: 'C4M_PORT',
  natsUrl: 'NATS_URL',
  natsPrefix: 'C4M_NATS_PREFIX',
  streamName: 'C4M_STREAM',
  streamReplicas: 'C4M_STREAM_REPLICAS',
  databaseUrl: 'DATABASE_URL',
  redisUrl: 'REDIS_URL',
  redisPrefix: 'C4M_REDIS_PREFIX',
  authTokenTtlS: 'AUTHENTICATION_TOKEN_EXPIRES_IN_SECONDS',
  sessionTokenTtlS: 'SESSION_TOKEN_EXPIRES_IN_SECONDS',
  modelRegistryFile: 'C4M_MODEL_REGISTRY',
  inferenceModels: 'C4M_INFERENCE_MODELS',
  bodyLimitBytes: 'C4M_BODY_LIMIT_BYTES',
  serverVersionId: 'SERVER_VERSION_ID',
  rateLimitPerMinute: 'C4M_RATE_LIMIT_PER_MINUTE',
  authRateLimitPerMinute: 'C4M_AUTH_RATE_LIMIT_PER_MINUTE',
  rateLimitRoutes: 'C4M_RATE_LIMIT_ROUTES',
  trustedProxies: 'C4M_TRUSTED_PROXIES',
  corsOrigins: 'C4M_CORS_ORIGINS',
  hstsMaxAgeS: 'C4M_HSTS_MAX_AGE_S',
  googleClientIds: 'GOOGLE_CLIENT_IDS',
  dataDir: 'C4M_DATA_DIR',
  autoStartServices: 'C4M_AUTO_START_SERVICES',
  logLevel: 'LOG_LEVEL',
  cliLogLevel: 'C4M_CLI_LOG_LEVEL',
  datasetMaxDownloads: 'C4M_DATASET_MAX_DOWNLOADS',
  datasetPinWaitMs: 'C4M_DATASET_PIN_WAIT_MS',
  onnxThreads: 'C4M_ONNX_THREADS',
  onnxExecutionProvider: 'C4M_ONNX_EXECUTION_PROVIDER',
  uiPort: 'C4M_UI_PORT',
  uiApiUrl: 'C4M_UI_API_URL',
  uiOrigin: 'C4M_UI_ORIGIN',
  uiAddressHeader: 'C4M_UI_ADDRESS_HEADER',
  uiXffDepth: 'C4M_UI_XFF_DEPTH',
  inferenceMetricsPort: 'C4M_INFERENCE_METRICS_PORT',
  projectionsMetricsPort: 'C4M_PROJECTIONS_METRICS_PORT',
};

function parseRouteLimits(s: string, ctx: z.RefinementCtx): Record<string, number> {
  const limits: Record<string, number> = {};
  for (const part of splitList(s)) {
    const m = /^([a-z-]+)=(\d+)$/.exec(part);
    if (!m?.[1] || !m[2] || Number(m[2]) < 1) {
      ctx.addIssue({ code: 'custom', message: `"${part}" is not <route group>=<requests per minute>` });
      continue;
    }
    limits[m[1]] = Number(m[2]);
  }
  return limits;
}

export function configEnvNames(): Readonly<Record<keyof Config, string>> {
  return ENV_NAMES;
}

/** Reads the configuration from the environment (or the given map) and fails with every bad value named. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const raw: Record<string, string | undefined> = {};
  for (const [key, name] of Object.entries(ENV_NAMES)) raw[key] = env[name];
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (i) => `${ENV_NAMES[i.path[0] as keyof Config] ?? String(i.path[0])}: ${i.message}`,
    );
    throw new Error(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return { ...parsed.data, ...overrides };
}
