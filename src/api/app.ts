// Builds the Hono application: middleware, the plugin's routes (Python server paths and envelopes),
// /openapi.json and /docs. Tests call createApp(deps).request(...) without opening a port.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDeps } from './deps.js';
import { createErrorHandler } from './error-handler.js';
import { validationHook } from './validation-hook.js';
import { limitBody } from './middleware/body-limit.js';
import { corsAllowList } from './middleware/cors.js';
import { rateLimits } from './middleware/rate-limit.js';
import { htmlPageHeaders, securityHeaders } from './middleware/security-headers.js';
import { registerRoutes } from './routes/index.js';

export type App = OpenAPIHono;

export function createApp(deps: ApiDeps): App {
  const app: App = new OpenAPIHono({ defaultHook: validationHook, strict: false }) as App;
  app.onError(createErrorHandler(deps.logger));
  app.notFound((c) => c.json({ message: `No route for ${c.req.method} ${c.req.path}` }, 404));
  // Edge protections, outermost first (docs/security.md, Edge protections).
  app.use('*', securityHeaders(deps.config));
  app.use('*', corsAllowList(deps.config));
  app.use('*', limitBody(deps.config.bodyLimitBytes));
  app.use('/api/*', rateLimits(deps));
  for (const page of ['/docs', '/docs/*']) app.use(page, htmlPageHeaders(deps.config));
  registerRoutes(app, deps);
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Code4me platform API',
      version: '0.1.0',
      description: 'The Code4me V2 plugin protocol, served from an event log. See docs/api.md.',
    },
  });
  app.get('/docs', (c) => c.html(docsPage(c.get('secureHeadersNonce') ?? '')));
  return app;
}

function docsPage(nonce: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Code4me API</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}
code{background:#f3f3f3;padding:0 .2rem}li{margin:.3rem 0}</style></head>
<body><h1>Code4me API</h1><p>The machine-readable description is at <a href="/openapi.json">/openapi.json</a>.</p>
<ul id="routes"></ul>
<script nonce="${nonce}">fetch('/openapi.json').then(r=>r.json()).then(d=>{const ul=document.getElementById('routes');
for(const [p,ops] of Object.entries(d.paths||{}))for(const [m,op] of Object.entries(ops)){const li=document.createElement('li');
li.innerHTML='<code>'+m.toUpperCase()+' '+p+'</code> '+(op.summary||'');ul.appendChild(li);}});</script>
</body></html>`;
}
