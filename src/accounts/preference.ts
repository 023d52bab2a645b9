// User preferences: the plugin stores its module settings here next to the three store_* privacy flags.
// Updates merge into the stored object (the Python server replaced it with defaults ∪ new keys, B18).
export type Preference = Record<string, unknown>;

export const DEFAULT_PREFERENCE: Readonly<Preference> = {
  store_context: false,
  store_contextual_telemetry: true,
  store_behavioral_telemetry: true,
};

export function mergePreference(stored: Preference | null | undefined, update: Preference): Preference {
  return { ...DEFAULT_PREFERENCE, ...(stored ?? {}), ...update };
}

/** The user's store_context choice; anything but an explicit `true` means no. */
export function storesContext(preference: Preference | null | undefined): boolean {
  return preference?.store_context === true;
}
