// The API's routes as its OpenAPI document lists them, and the routes the app serves outside the document, so the
// security tests cover every route: a route added without an entry in their tables fails them.
import type { App } from '../../src/api/app.js';

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  additionalProperties?: boolean | JsonSchema;
  default?: unknown;
}

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
}

export interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, unknown>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

/** One route: `GET /api/completion/{query_id}` (OpenAPI's path syntax). */
export interface RouteOperation {
  key: string;
  method: string;
  path: string;
  operation: OpenApiOperation;
}

export async function readOpenApi(app: App): Promise<OpenApiDocument> {
  const res = await app.request('/openapi.json');
  if (res.status !== 200) throw new Error(`/openapi.json answered ${res.status}`);
  return (await res.json()) as OpenApiDocument;
}

export function documentedOperations(doc: OpenApiDocument): RouteOperation[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, operation]) => ({
      key: `${method.toUpperCase()} ${path}`,
      method: method.toUpperCase(),
      path,
      operation,
    })),
  );
}

/** Every handler the app serves (middleware, registered for ALL methods, left out), in OpenAPI's path syntax. */
export function servedRoutes(app: App): string[] {
  const keys = app.routes
    .filter((r) => r.method !== 'ALL')
    .map((r) => `${r.method} ${r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`);
  return [...new Set(keys)].sort();
}

/** The routes the app serves outside its document, as operations whose path parameters are plain strings. */
export function undocumentedOperations(app: App, doc: OpenApiDocument): RouteOperation[] {
  const documented = new Set(documentedOperations(doc).map((o) => o.key));
  return servedRoutes(app)
    .filter((key) => !documented.has(key))
    .map((key) => {
      const [method = '', path = ''] = key.split(' ');
      const parameters: OpenApiParameter[] = [...path.matchAll(/\{(\w+)\}/g)].map(([, name = '']) => ({
        name,
        in: 'path',
        required: true,
        schema: { type: 'string' },
      }));
      return { key, method, path, operation: { parameters, responses: {} } };
    });
}

/** A `$ref` of the document resolved (one level; the sampler calls it again for nested ones). */
export function resolveSchema(doc: OpenApiDocument, schema: JsonSchema): JsonSchema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  const found = doc.components?.schemas?.[name];
  if (!found) throw new Error(`unresolved ${schema.$ref}`);
  return resolveSchema(doc, found);
}
