// The completions dataset's SELECT as one SQL text for COPY (...) TO STDOUT, which takes no bind parameters:
// the compiled query with its parameters written in as literals. Only numbers are written in (the pin; the
// bench downloads without filters), so no quoting can go wrong.
import type { CompiledQuery } from 'kysely';

export function inlineParameters(compiled: CompiledQuery): string {
  return compiled.sql.replace(/\$(\d+)\b/g, (_, n: string) => {
    const value = compiled.parameters[Number(n) - 1];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new Error(`parameter $${n} is ${typeof value}: only numbers are inlined`);
    }
    return String(value);
  });
}
