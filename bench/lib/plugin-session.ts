// Walks the plugin's sign-up path over real HTTP and returns the Cookie header it would then send.
import { PluginClient, httpTarget } from '../../tests/support/plugin-client.js';

export async function signUpPluginUser(port: number): Promise<string> {
  const client = new PluginClient(httpTarget(`http://127.0.0.1:${port}`));
  const email = `bench-${Date.now()}@example.org`;
  const password = 'Bench-Passw0rd';
  await client.ok('POST', '/api/user/create', {
    email,
    name: 'Bench',
    password,
    config_id: 1,
    token: '',
    provider: 'no_provider',
  });
  await client.ok('POST', '/api/user/authenticate', { email, password, provider: 'no_provider', token: '' });
  await client.ok('GET', '/api/session/acquire');
  const p = await client.ok<{ project_token: string }>('POST', '/api/project/create', {
    project_name: 'bench',
  });
  await client.ok('PUT', '/api/project/activate', { project_id: p.project_token });
  return client.cookieHeader();
}
