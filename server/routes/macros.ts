import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  IdSchema,
  type Change,
  MacroExportQuerySchema,
  MacroImportRequestSchema,
  MacroInputSchema,
  MacroPinsRequestSchema,
  type MacroExportJson,
  type MacroImportResponse,
  type MacroListResponse,
  type MacroPinsResponse,
  type MacroResponse,
} from '../../protocol';
import type { AppContext } from '../context';
import { ConflictError, ForbiddenError, ImportRejectedError, NotFoundError } from '../errors';
import { conflictErrors, macrosToCsv, planImport, toInput } from '../macros/import';
import { mayChange, shortcutTakenMessage, TEAM_MACROS_ADMIN_ONLY, toDraft } from '../macros/rules';
import { assertValidTemplate } from '../macros/template-check';
import { isUniqueViolation } from '../storage/mappers';
import type { MacroWrite } from '../storage/storage';
import { parseOrThrow } from '../validation';
import { requireAgent } from './require-agent';

/** Largest import body: MAX_MACRO_IMPORT_ROWS macros of full length, with room for quoting. */
export const MACRO_IMPORT_BODY_LIMIT_BYTES = 8 * 1024 * 1024;

const ParamsSchema = z.object({ id: IdSchema });
const MACRO = 'The macro';

/**
 * /api/macros: canned messages. Team macros are shared by the workspace and changed by admins;
 * personal macros are their owner's alone (to everyone else they do not exist: 404). Every
 * committed change goes to the workspace's agent sockets (S14), then the answer is sent.
 */
export function registerMacroRoutes(app: FastifyInstance, ctx: AppContext): void {
  const publish = (workspaceId: string, changes: Change[]) =>
    ctx.chat.publishChanges(workspaceId, changes);

  async function saved(workspaceId: string, write: MacroWrite): Promise<MacroResponse> {
    if (write.status === 'conflict') throw new ConflictError(shortcutTakenMessage(write.other));
    if (write.status === 'not_found') throw new NotFoundError(MACRO);
    await publish(workspaceId, write.changes);
    return { macro: write.macro };
  }

  app.get('/api/macros', async (request): Promise<MacroListResponse> => {
    const { agent, workspace } = await requireAgent(ctx, request);
    return { macros: await ctx.storage.listMacros(workspace.id, agent.id) };
  });

  app.post('/api/macros', async (request, reply): Promise<MacroResponse> => {
    const { agent, workspace } = await requireAgent(ctx, request);
    const input = parseOrThrow(MacroInputSchema, request.body);
    if (!mayChange(agent, input.scope)) throw new ForbiddenError(TEAM_MACROS_ADMIN_ONLY);
    assertValidTemplate(input.body);
    const draft = toDraft(input, agent);
    const write = await ctx.storage.createMacro({
      workspaceId: workspace.id,
      draft,
      now: ctx.now(),
    });
    const body = await saved(workspace.id, write);
    reply.code(201);
    return body;
  });

  app.put('/api/macros/:id', async (request): Promise<MacroResponse> => {
    const { agent, workspace } = await requireAgent(ctx, request);
    const { id } = parseOrThrow(ParamsSchema, request.params);
    const input = parseOrThrow(MacroInputSchema, request.body);
    const current = await ctx.storage.getMacro(workspace.id, agent.id, id);
    if (!current) throw new NotFoundError(MACRO);
    if (!mayChange(agent, current.scope) || !mayChange(agent, input.scope)) {
      throw new ForbiddenError(TEAM_MACROS_ADMIN_ONLY);
    }
    assertValidTemplate(input.body);
    const write = await ctx.storage.updateMacro({
      workspaceId: workspace.id,
      agentId: agent.id,
      macroId: id,
      draft: toDraft(input, agent),
      now: ctx.now(),
    });
    return saved(workspace.id, write);
  });

  app.delete('/api/macros/:id', async (request, reply) => {
    const { agent, workspace } = await requireAgent(ctx, request);
    const { id } = parseOrThrow(ParamsSchema, request.params);
    const current = await ctx.storage.getMacro(workspace.id, agent.id, id);
    if (!current) throw new NotFoundError(MACRO);
    if (!mayChange(agent, current.scope)) throw new ForbiddenError(TEAM_MACROS_ADMIN_ONLY);
    const deleted = await ctx.storage.deleteMacro({
      workspaceId: workspace.id,
      agentId: agent.id,
      macroId: id,
      now: ctx.now(),
    });
    if (!deleted) throw new NotFoundError(MACRO);
    await publish(workspace.id, deleted.changes);
    return reply.code(204).send();
  });

  app.post('/api/macros/:id/use', async (request): Promise<MacroResponse> => {
    const { agent, workspace } = await requireAgent(ctx, request);
    const { id } = parseOrThrow(ParamsSchema, request.params);
    // Counts every call; the extension counts through the outbox's `macro.use` instead (S15).
    const used = await ctx.storage.useMacro({
      workspaceId: workspace.id,
      agentId: agent.id,
      macroId: id,
      clientId: null,
      now: ctx.now(),
    });
    if (used.status !== 'counted') throw new NotFoundError(MACRO);
    await publish(workspace.id, used.changes);
    return { macro: used.macro };
  });

  app.get('/api/macros/pins', async (request): Promise<MacroPinsResponse> => {
    const { agent, workspace } = await requireAgent(ctx, request);
    return { pins: await ctx.storage.getMacroPins(workspace.id, agent.id) };
  });

  /** The agent's whole set of pins (S16): slots 1–9, each once, macros the agent can see. */
  app.put('/api/macros/pins', async (request): Promise<MacroPinsResponse> => {
    const { agent, workspace } = await requireAgent(ctx, request);
    const { pins } = parseOrThrow(MacroPinsRequestSchema, request.body);
    const write = await ctx.storage.setMacroPins({
      workspaceId: workspace.id,
      agentId: agent.id,
      pins,
      now: ctx.now(),
    });
    if (write.status === 'not_found') {
      throw new NotFoundError(
        write.macroIds.length === 1 ? 'The macro to pin' : 'Some of the macros to pin',
      );
    }
    await publish(workspace.id, write.changes);
    return { pins: write.pins };
  });

  app.post(
    '/api/macros/import',
    { bodyLimit: MACRO_IMPORT_BODY_LIMIT_BYTES },
    async (request): Promise<MacroImportResponse> => {
      const { agent, workspace } = await requireAgent(ctx, request);
      const importRequest = parseOrThrow(MacroImportRequestSchema, request.body);
      const { plan, rowErrors } = planImport(importRequest, agent);
      if (rowErrors.length > 0) throw new ImportRejectedError(rowErrors);
      const result = await ctx.storage
        .importMacros({ workspaceId: workspace.id, drafts: plan.drafts, now: ctx.now() })
        .catch((error: unknown) => {
          if (!isUniqueViolation(error)) throw error;
          throw new ConflictError(
            'Another change took one of these shortcuts during the import, so nothing was ' +
              'imported. Import the file again.',
          );
        });
      if (result.status === 'conflicts') {
        throw new ImportRejectedError(conflictErrors(plan, result.conflicts));
      }
      await publish(workspace.id, result.changes);
      return { imported: result.macros };
    },
  );

  app.get('/api/macros/export', async (request, reply) => {
    const { agent, workspace } = await requireAgent(ctx, request);
    const { format } = parseOrThrow(MacroExportQuerySchema, request.query);
    const macros = await ctx.storage.listMacros(workspace.id, agent.id);
    reply.header('content-disposition', `attachment; filename="macros.${format}"`);
    if (format === 'csv') {
      return reply.type('text/csv; charset=utf-8').send(macrosToCsv(macros));
    }
    const body: MacroExportJson = { format: 'json', macros: macros.map(toInput) };
    return body;
  });
}
