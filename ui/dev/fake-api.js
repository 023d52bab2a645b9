// A fake of the Code4me API's sign-in and analytics routes (the contract of docs/analytics.md) with made-up
// numbers, for working on the dashboard without the platform: `node dev/fake-api.js` (port 8008), then
// `C4M_UI_API_URL=http://127.0.0.1:8008 npm run dev`. Any e-mail and password sign in; admin@… is a researcher.
// The browser tests run against the real platform, never this.
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 8008);
let seq = 100;
let accepted = 40;
const sessions = new Map();
const MODELS = [
  { id: 1, name: 'starcoder2-3b' },
  { id: 2, name: 'deepseek-1.3b' },
  { id: 3, name: 'codegpt-small' },
];

function interval(k, n) {
  if (n === 0) return null;
  const z = 1.96;
  const p = k / n;
  const d = 1 + (z * z) / n;
  const c = (p + (z * z) / (2 * n)) / d;
  const h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return { value: p, low: Math.max(0, c - h), high: Math.min(1, c + h) };
}

function stats(shown, acc) {
  return {
    generated: shown + 3,
    shown,
    accepted: acc,
    acceptanceRate: interval(acc, shown),
    shownChars: shown * 40,
    acceptedChars: acc * 35,
    charAcceptanceRate: shown ? (acc * 35) / (shown * 40) : null,
    generationMs: { p50: 120, p95: 410 },
    servingMs: { p50: 160, p95: 520 },
  };
}

function window(url) {
  const to = url.searchParams.get('to') ?? new Date().toISOString();
  const from = url.searchParams.get('from') ?? new Date(Date.parse(to) - 86_400_000).toISOString();
  return { from, to };
}

function breakdown(url, scope) {
  const by = url.searchParams.get('by');
  const base = { ...window(url), scope, asOfSeq: seq, by };
  if (by === 'time') {
    const end = Date.now();
    const rows = Array.from({ length: 24 }, (_, i) => {
      const key = new Date(end - (24 - i) * 3_600_000).toISOString();
      return { key, label: key, ...stats(10 + i, 3 + (i % 7)) };
    });
    return { ...base, rows };
  }
  const names =
    {
      model: MODELS.map((m) => [m.id, m.name]),
      language: [
        [47, 'python'],
        [26, 'java'],
      ],
      trigger: [
        [1, 'manual'],
        [2, 'automatic'],
        [3, 'idle'],
      ],
      version: [[3, '1.2.0']],
      user: [['11111111-1111-4111-8111-111111111111', 'ada']],
    }[by] ?? [];
  return {
    ...base,
    rows: names.map(([id, name], i) => ({
      key: String(id),
      label: name,
      ...stats(100 - 20 * i, accepted - 10 * i),
    })),
  };
}

function calibration(url, scope) {
  const bins = (mass) =>
    Array.from({ length: 10 }, (_, i) => ({
      low: i / 10,
      high: (i + 1) / 10,
      n: mass ? 10 : 5 + i,
      meanConfidence: i / 10 + 0.05,
      acceptanceRate: Math.min(1, i / 10 + 0.02 * (i % 3)),
    }));
  return {
    ...window(url),
    scope,
    asOfSeq: seq,
    models: MODELS.slice(0, 2).map((m) => ({
      modelId: m.id,
      label: m.name,
      n: 100,
      baseRate: 0.4,
      brier: 0.2,
      brierSkill: 0.17,
      eceEqualWidth: 0.04,
      eceEqualMass: 0.05,
      equalWidth: bins(false),
      equalMass: bins(true),
    })),
  };
}

const routes = {
  '/api/analytics/dimensions': (url, user) => ({
    models: MODELS,
    languages: [
      { id: 47, name: 'python' },
      { id: 26, name: 'java' },
    ],
    triggers: [
      { id: 1, name: 'manual' },
      { id: 2, name: 'automatic' },
      { id: 3, name: 'idle' },
    ],
    versions: [{ id: 3, name: '1.2.0' }],
    ...(user.researcher ? { users: [{ id: '11111111-1111-4111-8111-111111111111', name: 'ada' }] } : {}),
  }),
  '/api/analytics/overview': (url, user) => ({
    ...window(url),
    scope: user.scope,
    asOfSeq: seq,
    stats: stats(100, accepted),
  }),
  '/api/analytics/breakdown': (url, user) => breakdown(url, user.scope),
  '/api/analytics/compare': (url, user) => ({
    ...window(url),
    scope: user.scope,
    asOfSeq: seq,
    models: MODELS.slice(0, 2).map((m) => ({ modelId: m.id, label: m.name })),
    pairs: [
      {
        a: 1,
        b: 2,
        queries: 80,
        aAccepted: 30,
        bAccepted: 20,
        bothAccepted: 12,
        aRate: interval(30, 80),
        bRate: interval(20, 80),
        difference: { value: 0.125, low: 0.01, high: 0.24 },
      },
    ],
  }),
  '/api/analytics/survival': (url, user) => ({
    ...window(url),
    scope: user.scope,
    asOfSeq: seq,
    rows: MODELS.slice(0, 2).map((m, i) => ({
      modelId: m.id,
      label: m.name,
      at: [15, 45, 90].map((s, j) => ({
        seconds: s,
        n: 30 - j,
        meanEditSimilarity: 90 - 10 * j - 5 * i,
        retained: interval(25 - 3 * j, 30 - j),
      })),
    })),
  }),
  '/api/analytics/calibration': (url, user) => calibration(url, user.scope),
};

createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  const json = (status, body) => {
    res.writeHead(status, { 'content-type': status < 400 ? 'application/json' : 'application/problem+json' });
    res.end(JSON.stringify(body));
  };
  if (req.method === 'POST' && url.pathname === '/api/user/authenticate') {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const { email } = JSON.parse(body);
      const token = `fake-${Math.random().toString(36).slice(2)}`;
      sessions.set(token, {
        email,
        researcher: email.startsWith('admin'),
        scope: email.startsWith('admin') ? 'all' : 'own',
      });
      json(200, {
        message: 'ok',
        user: { user_id: 'u', email, name: email.split('@')[0], is_admin: false, auth_token: token },
        config: '',
      });
    });
    return;
  }
  const token = /auth_token=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
  const user = sessions.get(token);
  if (!user) return json(401, { title: 'Unauthorized', status: 401, detail: 'sign in first' });
  if (url.pathname === '/api/user/get')
    return json(200, {
      user: { user_id: 'u', email: user.email, name: user.email.split('@')[0], is_admin: false },
      config: '',
    });
  if (url.pathname === '/api/analytics/live') {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const timer = setInterval(() => {
      seq += 1;
      accepted = (accepted + 1) % 100;
      res.write(`event: changed\ndata: {"asOfSeq":${seq}}\n\n`);
    }, 5_000);
    req.on('close', () => clearInterval(timer));
    return;
  }
  const route = routes[url.pathname];
  if (!route) return json(404, { title: 'Not Found', status: 404, detail: `no route ${url.pathname}` });
  return json(200, route(url, user));
}).listen(port, '127.0.0.1', () => console.log(`fake Code4me API on http://127.0.0.1:${port}`));
