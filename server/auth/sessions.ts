import type { Agent, Workspace } from '../../protocol';
import type { RapportStorage } from '../storage/storage';
import { hashToken, newToken } from './tokens';

/** Sessions last 30 days from sign-in. */
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** Who is calling: every agent request and frame is scoped to `workspace.id`. */
export interface AgentAuth {
  agent: Agent;
  workspace: Workspace;
  tokenHash: string;
}

export async function createSession(
  storage: RapportStorage,
  agent: Agent,
  now: number,
): Promise<{ token: string; expiresAt: number }> {
  const token = newToken();
  const expiresAt = now + SESSION_TTL_MS;
  await storage.createSession({
    tokenHash: hashToken(token),
    agentId: agent.id,
    workspaceId: agent.workspaceId,
    expiresAt,
    now,
  });
  return { token, expiresAt };
}

/** The agent behind a token, or null when the token is unknown or expired (then it is deleted). */
export async function authenticateToken(
  storage: RapportStorage,
  token: string,
  now: number,
): Promise<AgentAuth | null> {
  const tokenHash = hashToken(token);
  const session = await storage.findSession(tokenHash);
  if (!session) return null;
  if (session.expiresAt <= now) {
    await storage.deleteSession(tokenHash);
    return null;
  }
  const agent = await storage.getAgent(session.workspaceId, session.agentId);
  const workspace = await storage.getWorkspace(session.workspaceId);
  if (!agent || !workspace) return null;
  return { agent, workspace, tokenHash };
}

/** The token from an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1] ?? null;
}
