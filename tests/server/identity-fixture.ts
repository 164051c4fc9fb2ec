import { createHmac } from 'node:crypto';
import type {
  ApiError,
  CustomerProfileResponse,
  IdentitySecretResponse,
  VisitorIdentifyResponse,
  VisitorSessionResponse,
} from '../../protocol';
import { addAgent, bearer, createWorkspaceWithAgent, login, post } from './helpers';

// Helpers for the identify, page and profile tests: what a site's backend and the widget do.

/** What the README tells a site's backend to compute. */
export function hmac(secret: string, id: string): string {
  return createHmac('sha256', secret).update(id).digest('hex');
}

/** A fresh browser: a new visitor session. */
export async function newVisitor(
  base: string,
  workspaceId: string,
  visitorToken?: string,
): Promise<VisitorSessionResponse> {
  const response = await post(`${base}/api/visitor/session`, { workspaceId, visitorToken });
  if (response.status !== 200) throw new Error(`session failed: ${response.status}`);
  return (await response.json()) as VisitorSessionResponse;
}

export async function identify(
  base: string,
  body: Record<string, unknown>,
): Promise<{ status: number; body: VisitorIdentifyResponse & ApiError }> {
  const response = await post(`${base}/api/visitor/identify`, body);
  return {
    status: response.status,
    body: (await response.json()) as VisitorIdentifyResponse & ApiError,
  };
}

export interface TestWorkspace {
  workspaceId: string;
  /** An admin's and a plain agent's bearer tokens. */
  admin: string;
  agent: string;
}

export async function workspaceWithAdmin(
  base: string,
  storage: Parameters<typeof createWorkspaceWithAgent>[0],
  name: string,
): Promise<TestWorkspace> {
  const agent = await createWorkspaceWithAgent(storage, name);
  const admin = await addAgent(storage, agent.workspaceId, 'admin');
  return {
    workspaceId: agent.workspaceId,
    admin: (await login(base, admin.email, admin.password)).token,
    agent: (await login(base, agent.email, agent.password)).token,
  };
}

export async function secretOf(base: string, adminToken: string): Promise<string> {
  const response = await fetch(`${base}/api/admin/identity-secret`, {
    headers: bearer(adminToken),
  });
  if (response.status !== 200) throw new Error(`secret failed: ${response.status}`);
  return ((await response.json()) as IdentitySecretResponse).secret;
}

export async function profile(
  base: string,
  token: string,
  customerId: string,
): Promise<{ status: number; body: CustomerProfileResponse & ApiError }> {
  const response = await fetch(`${base}/api/customers/${customerId}`, { headers: bearer(token) });
  return {
    status: response.status,
    body: (await response.json()) as CustomerProfileResponse & ApiError,
  };
}
