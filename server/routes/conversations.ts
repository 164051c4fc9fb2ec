import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  IdSchema,
  MessagePageQuerySchema,
  SendMessageRequestSchema,
  type ConversationListResponse,
  type MessagePageResponse,
} from '../../protocol';
import type { AppContext } from '../context';
import { NotFoundError } from '../errors';
import { parseOrThrow } from '../validation';
import { requireAgent } from './require-agent';

/** Closed conversations listed next to the open ones. */
export const CLOSED_CONVERSATIONS_LISTED = 50;

const ParamsSchema = z.object({ id: IdSchema });

/** /api/conversations, its messages, and agent replies over REST. */
export function registerConversationRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/conversations', async (request): Promise<ConversationListResponse> => {
    const auth = await requireAgent(ctx, request);
    return ctx.storage.listConversations(auth.workspace.id, {
      closedLimit: CLOSED_CONVERSATIONS_LISTED,
    });
  });

  app.get('/api/conversations/:id/messages', async (request): Promise<MessagePageResponse> => {
    const auth = await requireAgent(ctx, request);
    const { id } = parseOrThrow(ParamsSchema, request.params);
    const query = parseOrThrow(MessagePageQuerySchema, request.query);
    const conversation = await ctx.storage.getConversation(auth.workspace.id, id);
    if (!conversation) throw new NotFoundError('The conversation');
    return ctx.storage.listMessages(auth.workspace.id, id, query);
  });

  app.post('/api/conversations/:id/messages', async (request) => {
    const auth = await requireAgent(ctx, request);
    const { id } = parseOrThrow(ParamsSchema, request.params);
    const body = parseOrThrow(SendMessageRequestSchema, request.body);
    const sent = await ctx.chat.sendAgentMessage(auth, { conversationId: id, ...body });
    await sent.fanOut();
    return { message: sent.message };
  });
}
