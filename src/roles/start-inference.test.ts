import { describe, expect, it } from 'vitest';
import { describeModels } from './start-inference.js';

describe('the inference role startup line', () => {
  it('names the models that serve and those that do not', () => {
    const line = describeModels(
      {
        serving: [{ id: 1, name: 'builtin' }],
        unavailable: [
          { id: 2, name: 'starcoder', reason: 'server down' },
          { id: 3, name: 'ministral', reason: 'server down' },
        ],
      },
      'models/registry.json',
    );
    expect(line).toBe(
      'models of models/registry.json serving: 1 builtin; unavailable (see the warnings above): 2 starcoder, 3 ministral',
    );
  });

  it('says none when no model serves, and leaves out the unavailable part when all do', () => {
    expect(describeModels({ serving: [], unavailable: [{ id: 2, name: 'x', reason: 'r' }] }, 'r.json')).toBe(
      'models of r.json serving: none; unavailable (see the warnings above): 2 x',
    );
    expect(describeModels({ serving: [{ id: 1, name: 'a' }], unavailable: [] }, 'r.json')).toBe(
      'models of r.json serving: 1 a',
    );
  });
});
