import { describe, expect, it } from 'vitest';
import { filterSearch, readFilters, toApiQuery } from './filters';

const NOW = new Date('2026-03-10T12:00:00.000Z');

describe('toApiQuery', () => {
  it('ends the window now and starts it the window’s length before, 24 h by default', () => {
    expect(toApiQuery(readFilters(new URLSearchParams()), NOW)).toEqual({
      from: '2026-03-09T12:00:00.000Z',
      to: '2026-03-10T12:00:00.000Z',
    });
    expect(toApiQuery(readFilters(new URLSearchParams('window=7d')), NOW).from).toBe(
      '2026-03-03T12:00:00.000Z',
    );
  });

  it('takes an explicit from and to over the window, and a bad window as 24 h', () => {
    const f = readFilters(
      new URLSearchParams('window=nope&from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z'),
    );
    expect(f.window).toBe('24h');
    expect(toApiQuery(f, NOW)).toEqual({ from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' });
  });

  it('names the dimension filters as the API does and leaves out the empty ones', () => {
    const f = readFilters(new URLSearchParams('model=3&language=47&trigger=&version=2&user=u-1'));
    const q = toApiQuery(f, NOW);
    expect(q).toMatchObject({ model_id: '3', language_id: '47', plugin_version_id: '2', user_id: 'u-1' });
    expect(q).not.toHaveProperty('trigger_type_id');
  });
});

describe('filterSearch', () => {
  it('keeps the filters of a URL and drops everything else', () => {
    expect(filterSearch(new URLSearchParams('window=1h&models=1,2&model=4&bins=mass'))).toBe(
      '?window=1h&model=4',
    );
    expect(filterSearch(new URLSearchParams('bins=mass'))).toBe('');
  });
});
