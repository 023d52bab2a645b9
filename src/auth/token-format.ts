// Token values are UUIDs; anything else is rejected before it reaches Redis (a bad cookie is a 401, never a
// 500 or a key-space probe).
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string | undefined | null): value is string {
  return typeof value === 'string' && UUID.test(value);
}
