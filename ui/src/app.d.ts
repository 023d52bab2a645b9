// Types SvelteKit reads: what hooks.server.ts puts on event.locals.
declare global {
  namespace App {
    interface Locals {
      /** The API's auth_token of the signed-in user (from the UI's HTTP-only cookie), or null. */
      authToken: string | null;
    }
    interface Error {
      message: string;
      status?: number;
    }
  }
}

export {};
