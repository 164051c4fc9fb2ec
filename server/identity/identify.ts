import type { z } from 'zod';
import type {
  VisitorIdentifyRequestSchema,
  VisitorIdentifyResponse,
  VisitorPageRequest,
} from '../../protocol';
import { hashToken } from '../auth/tokens';
import { authenticateVisitor, visitorHistory } from '../chat/visitors';
import type { AppContext } from '../context';
import { UnauthorizedError } from '../errors';
import { verifyIdentityHash } from './verify';
import { visitorCustomer } from './visitor-customer';

type IdentifyBody = z.output<typeof VisitorIdentifyRequestSchema>;

const UNKNOWN_VISITOR =
  'This visitor session is not valid any more. Reload the page to start a new chat session.';

async function visitorOrThrow(ctx: AppContext, workspaceId: string, visitorToken: string) {
  const found = await authenticateVisitor(ctx.storage, workspaceId, visitorToken);
  if (!found) throw new UnauthorizedError(UNKNOWN_VISITOR);
  return found.customer;
}

/**
 * `Rapport.identify`: check the hash against the workspace's secret in constant time, then link,
 * merge or switch (verified) or store an unverified claim. Visitor sockets that now stand for
 * another customer are closed so they reconnect as that one. The answer holds the conversation
 * the visitor may see now: a verified returning customer's history, else their own.
 */
export async function identifyVisitor(
  ctx: AppContext,
  body: IdentifyBody,
): Promise<VisitorIdentifyResponse> {
  const customer = await visitorOrThrow(ctx, body.workspaceId, body.visitorToken);
  const now = ctx.now();
  const secret = await ctx.storage.getIdentitySecret(body.workspaceId, now);
  const verified =
    secret !== null &&
    body.hash !== undefined &&
    verifyIdentityHash(secret.secret, body.id, body.hash);
  const tokenHash = hashToken(body.visitorToken);
  // Under the routing lock: a merge moves conversations to the known customer, and routing's
  // "last agent" follows them (its state is rebuilt after a merge, R3).
  const result = await ctx.routing.outside(
    body.workspaceId,
    () =>
      ctx.storage.identifyCustomer({
        workspaceId: body.workspaceId,
        customerId: customer.id,
        tokenHash,
        externalId: body.id,
        email: body.email,
        name: body.name,
        verified,
        now,
      }),
    (written) => Boolean(written?.mergedCustomerId),
  );
  if (!result) throw new UnauthorizedError(UNKNOWN_VISITOR);
  await ctx.chat.publishChanges(body.workspaceId, result.changes);
  if (result.mergedCustomerId) {
    await ctx.hub.publish(body.workspaceId, {
      to: 'visitor-moved',
      customerId: result.mergedCustomerId,
    });
  }
  if (result.outcome === 'switched') {
    await ctx.hub.publish(body.workspaceId, { to: 'visitor-moved', tokenHash });
  }
  const history = await visitorHistory(ctx.storage, result.customer);
  return { verified, customer: visitorCustomer(result.customer), ...history };
}

/** The page the visitor is on: kept in the customer's pages, shown to agents. */
export async function reportPage(ctx: AppContext, body: VisitorPageRequest): Promise<void> {
  const customer = await visitorOrThrow(ctx, body.workspaceId, body.visitorToken);
  const written = await ctx.storage.recordPageView({
    workspaceId: body.workspaceId,
    customerId: customer.id,
    url: body.url,
    title: body.title,
    now: ctx.now(),
  });
  if (written) await ctx.chat.publishChanges(body.workspaceId, written.changes);
}
