// Names for the ids a breakdown or comparison shows, from the dimensions; id 0 is "unknown".
import { UNKNOWN_LABEL, type Dimensions } from './read-dimensions.js';

export type LabelKind = 'model' | 'language' | 'trigger' | 'version' | 'user';

export function labelOf(dimensions: Dimensions, kind: LabelKind, id: string): string {
  if (id === '0') return UNKNOWN_LABEL;
  const list: { id: number | string; name: string }[] | undefined = {
    model: dimensions.models,
    language: dimensions.languages,
    trigger: dimensions.triggers,
    version: dimensions.versions,
    user: dimensions.users,
  }[kind];
  return list?.find((d) => String(d.id) === id)?.name ?? id;
}
