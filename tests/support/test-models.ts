// A registry entry for a test model (the deterministic `test` backend: echo, fail, never, …), as the
// integration tests that run an inference worker declare their models.

export interface TestModelEntry {
  id: number;
  name: string;
  fullName: string;
  kind: 'completion';
  backend: 'test';
  behaviour: string;
  promptFormat: 'plain';
  generation: { maxNewTokens: number; temperature: number; topP: number; stop: string[]; deadlineMs: number };
}

/** Model `id` named `name` (full name `test/<name>`) behaving as `behaviour`, greedy, 16 tokens at most. */
export function testModelEntry(
  id: number,
  name: string,
  behaviour: string,
  deadlineMs = 3000,
): TestModelEntry {
  return {
    id,
    name,
    fullName: `test/${name}`,
    kind: 'completion',
    backend: 'test',
    behaviour,
    promptFormat: 'plain',
    generation: { maxNewTokens: 16, temperature: 0, topP: 1, stop: ['\n\n'], deadlineMs },
  };
}
