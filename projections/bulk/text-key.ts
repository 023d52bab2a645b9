// Text as PostgreSQL compares it in a key: node-postgres and COPY both send strings as UTF-8, which turns
// each lone surrogate into U+FFFD, so two strings that differ only there are one key in the table.

const SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function textKey(value: string): string {
  return SURROGATE.test(value) ? value.replace(LONE_SURROGATE, '\uFFFD') : value;
}
