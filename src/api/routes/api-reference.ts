// GET /docs: the API reference, Swagger UI over /openapi.json, served wholly by this process (no CDN, works
// offline). Swagger UI's files come from @fastify/swagger-ui's static/ folder: it ships the official
// swagger-ui-dist build without swagger-ui-dist's install-time telemetry (@scarf/scarf); only those files are used.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';

const STATIC_DIR = join(
  dirname(createRequire(import.meta.url).resolve('@fastify/swagger-ui/package.json')),
  'static',
);

/** What /docs/assets/ serves: name → file under STATIC_DIR (or our own text) and its media type. */
const ASSETS: Record<string, { file?: string; text?: string; type: string }> = {
  'swagger-ui-bundle.js': { file: 'swagger-ui-bundle.js', type: 'text/javascript; charset=utf-8' },
  'swagger-ui.css': { file: 'swagger-ui.css', type: 'text/css; charset=utf-8' },
  'favicon-32x32.png': { file: 'favicon-32x32.png', type: 'image/png' },
  // No inline script, so the page works under a Content-Security-Policy of script-src 'self'.
  'init.js': {
    type: 'text/javascript; charset=utf-8',
    text: `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    tryItOutEnabled: false,
  });
});
`,
  },
  'docs.css': { type: 'text/css; charset=utf-8', text: 'body { margin: 0; background: #fafafa; }\n' },
};

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Code4me API reference</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
<link rel="stylesheet" href="/docs/assets/docs.css">
<link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png">
</head>
<body>
<noscript>The API reference needs JavaScript; the machine-readable description is at <a href="/openapi.json">/openapi.json</a>.</noscript>
<div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/init.js"></script>
</body>
</html>
`;

/**
 * The page's own policy: everything from this server, no inline script or style. Swagger UI's stylesheet draws
 * its icons as data: SVG images, hence the one exception. A security-headers middleware must leave it (or allow
 * as much) on /docs.
 */
export const API_REFERENCE_CSP =
  "default-src 'self'; img-src 'self' data:; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

const cache = new Map<string, Buffer>();

async function assetBody(name: string): Promise<Buffer | undefined> {
  const asset = ASSETS[name];
  if (!asset) return undefined;
  let body = cache.get(name);
  if (!body) {
    body =
      asset.text !== undefined
        ? Buffer.from(asset.text)
        : await readFile(join(STATIC_DIR, asset.file ?? name));
    cache.set(name, body);
  }
  return body;
}

export function registerApiReference(app: OpenAPIHono): void {
  app.get('/docs', (c) => c.html(PAGE, 200, { 'Content-Security-Policy': API_REFERENCE_CSP }));
  app.get('/docs/assets/:name', async (c) => {
    const name = c.req.param('name');
    const body = await assetBody(name);
    if (!body) return c.json({ message: `No asset ${name} under /docs/assets/` }, 404);
    return c.body(new Uint8Array(body), 200, {
      'Content-Type': ASSETS[name]?.type ?? 'application/octet-stream',
      'Cache-Control': 'public, max-age=3600',
    });
  });
}
