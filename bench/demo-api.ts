import type { LoginResponse, SyncPage } from '../protocol';
import type { RunningServer } from '../server/start';

/** Sign the demo admin in over REST and read the workspace's sync head (the cursor to wait for). */
export async function demoTokenAndHead(
  server: RunningServer,
): Promise<{ token: string; headSeq: number }> {
  const demo = server.demo!;
  const login = (await (
    await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: demo.email, password: demo.password }),
    })
  ).json()) as LoginResponse;
  const head = (await (
    await fetch(`${server.url}/api/sync?since=0&limit=1`, {
      headers: { authorization: `Bearer ${login.token}` },
    })
  ).json()) as SyncPage;
  return { token: login.token, headSeq: head.headSeq };
}
