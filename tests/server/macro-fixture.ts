import type {
  Macro,
  MacroImportError,
  MacroImportResponse,
  MacroInput,
  MacroListResponse,
  MacroResponse,
} from '../../protocol';
import { addAgent, bearer, createWorkspaceWithAgent, login, type TestServer } from './helpers';

/** Any /api/macros answer (JSON bodies), loosely typed for assertions. */
export type MacroReply = Partial<
  MacroResponse & MacroListResponse & MacroImportResponse & MacroImportError
>;

/** A REST client for one signed-in agent: every call answers status, JSON body and raw text. */
export interface MacroClient {
  agentId: string;
  /** The session token (for an agent socket). */
  token: string;
  call(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: MacroReply; text: string; type: string }>;
  create(input: Partial<MacroInput>): Promise<Macro>;
}

export const input = (over: Partial<MacroInput> = {}): MacroInput => ({
  scope: 'team',
  shortcut: 'refund',
  title: 'Refund policy',
  body: 'Hi {{customer.first_name | "there"}}, refunds take 5 days.',
  tags: ['billing'],
  ...over,
});

async function client(base: string, email: string, password: string): Promise<MacroClient> {
  const session = await login(base, email, password);
  const call: MacroClient['call'] = async (method, path, body) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...bearer(session.token),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    const json = type.includes('json') ? (JSON.parse(text) as MacroReply) : {};
    return { status: response.status, body: json, text, type };
  };
  return {
    agentId: session.agent.id,
    token: session.token,
    call,
    async create(over) {
      const { status, body } = await call('POST', '/api/macros', input(over));
      if (status !== 201) throw new Error(`create failed: ${status} ${JSON.stringify(body)}`);
      return body.macro!;
    },
  };
}

/** Workspace A (an admin and two agents) and workspace B (an admin), all signed in. */
export async function macroWorkspaces(t: TestServer) {
  const base = t.server.url;
  const a = await createWorkspaceWithAgent(t.storage, 'Shop A');
  const b = await createWorkspaceWithAgent(t.storage, 'Shop B');
  const adminA = await addAgent(t.storage, a.workspaceId, 'admin');
  const agent2 = await addAgent(t.storage, a.workspaceId);
  const adminB = await addAgent(t.storage, b.workspaceId, 'admin');
  return {
    admin: await client(base, adminA.email, adminA.password),
    agent: await client(base, a.email, a.password),
    agent2: await client(base, agent2.email, agent2.password),
    otherAdmin: await client(base, adminB.email, adminB.password),
  };
}
