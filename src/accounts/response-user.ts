// The plugin's ResponseUser: every required key present with the JSON type the plugin's Moshi parser
// expects (config_id an integer, joined_at ISO), the password hash never leaves the server.
import type { UserRow } from './user-repository.js';
import { DEFAULT_PREFERENCE, type Preference } from './preference.js';

export interface ResponseUser {
  user_id: string;
  joined_at: string;
  email: string;
  name: string;
  password: string;
  config_id: number;
  verified: boolean;
  preference: Preference;
  auth_token?: string;
  is_admin: boolean;
}

export function toResponseUser(user: UserRow, authToken?: string): ResponseUser {
  return {
    user_id: user.user_id,
    joined_at: new Date(user.joined_at).toISOString(),
    email: user.email,
    name: user.name,
    password: '**********',
    config_id: Number(user.config_id),
    verified: user.verified,
    preference: { ...DEFAULT_PREFERENCE, ...(user.preference ?? {}) },
    ...(authToken ? { auth_token: authToken } : {}),
    is_admin: user.is_admin,
  };
}
