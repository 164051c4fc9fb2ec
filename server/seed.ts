import { randomBytes } from 'node:crypto';
import { hashPassword, type ScryptParams } from './auth/password';
import type { RapportStorage } from './storage/storage';

export const DEMO_WORKSPACE_ID = 'demo-shop';
export const DEMO_WORKSPACE_NAME = 'Demo Shop';
export const DEMO_ADMIN_EMAIL = 'admin@demo.rapport';

export interface DemoSeed {
  workspaceId: string;
  email: string;
  /** The admin's password, only when it was created just now; never stored in clear. */
  password: string | null;
}

/** ~16 characters from 96 random bits. */
export function randomPassword(): string {
  return randomBytes(12).toString('base64url');
}

/**
 * Create the "Demo Shop" workspace and its admin on first start. Later starts find them and
 * return `password: null`.
 */
export async function seedDemo(
  storage: RapportStorage,
  now: number,
  scrypt?: ScryptParams,
): Promise<DemoSeed> {
  const workspace =
    (await storage.getWorkspace(DEMO_WORKSPACE_ID)) ??
    (await storage.createWorkspace({ id: DEMO_WORKSPACE_ID, name: DEMO_WORKSPACE_NAME, now }));
  const seed = { workspaceId: workspace.id, email: DEMO_ADMIN_EMAIL };
  if (await storage.findAgentByEmail(DEMO_ADMIN_EMAIL)) return { ...seed, password: null };
  const password = randomPassword();
  await storage.createAgent({
    workspaceId: workspace.id,
    email: DEMO_ADMIN_EMAIL,
    name: 'Demo Admin',
    role: 'admin',
    passwordHash: await hashPassword(password, scrypt),
    now,
  });
  return { ...seed, password };
}
