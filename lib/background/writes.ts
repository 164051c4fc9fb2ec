import { ERROR_CODES, IdSchema, uuidv7, type ErrorCode } from '../../protocol';
import type { CachedMessage, OutboxWrite } from '../db';
import type { Failure, RequestData, ResponseData } from '../messages';
import type { Account } from './account';
import { updateBadge } from './badge';
import type { MetaWriter } from './meta';
import { checkMessageText, queueWrite, toFrame } from './outbox';
import { isStorageError, STORAGE_ERROR, STORAGE_FAILURE } from './storage';

const GONE: Failure = {
  ok: false,
  code: 'not_found',
  message: 'This message is no longer waiting to be sent: it was sent or discarded already.',
};

const BUSY: Failure = {
  ok: false,
  code: 'invalid_request',
  message: 'This message is being sent right now. Wait for the server to answer, then try again.',
};

const NOT_SENT: Failure = {
  ok: false,
  code: 'network',
  message:
    "Rapport can't save to this browser's storage (the disk may be full) and the server did not answer, so this reply was not sent. Send it again.",
};

/**
 * Queue a write; a storage failure is shown in the meta row and answered as a Failure. With
 * `direct`, a message that cannot be stored is sent at once when online (same client id).
 */
async function queue(
  account: Account,
  meta: MetaWriter,
  clientId: string,
  write: OutboxWrite,
  row?: CachedMessage,
  direct = false,
): Promise<Failure | null> {
  try {
    await queueWrite(account.db, clientId, write, row);
  } catch (error) {
    if (!isStorageError(error)) throw error;
    await meta.writeSync({ storageError: STORAGE_ERROR });
    if (direct && account.online) return sendPastOutbox(account, clientId, write);
    return STORAGE_FAILURE;
  }
  account.outbox.kick();
  return null;
}

/** The disk is full but the socket is up: send the write now and wait for the server. */
async function sendPastOutbox(
  account: Account,
  clientId: string,
  write: OutboxWrite,
): Promise<Failure | null> {
  const frame = toFrame({ ...write, clientId, status: 'pending', createdAt: Date.now() });
  const outcome = await account.outbox.sendNow(clientId, frame);
  if (outcome.kind === 'ack') return null;
  if (outcome.kind === 'error') {
    return {
      ok: false,
      code: isErrorCode(outcome.code) ? outcome.code : 'internal',
      message: outcome.reason,
    };
  }
  return NOT_SENT;
}

function isErrorCode(code: string): code is ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(code);
}

/** S9: store the message in the outbox and show it as pending at once. */
export async function queueMessage(
  account: Account,
  meta: MetaWriter,
  req: RequestData<'message.send'>,
): Promise<ResponseData<'message.send'>> {
  const text = checkMessageText(req.text);
  if (typeof text !== 'string') return text;
  if (
    !IdSchema.safeParse(req.clientId).success ||
    !IdSchema.safeParse(req.conversationId).success
  ) {
    return {
      ok: false,
      code: 'invalid_request',
      message: 'This message has no valid id. Reload the side panel and send it again.',
    };
  }
  const { agentId, workspaceId } = account.session;
  const author = await account.db.agents.get(agentId);
  const row: CachedMessage = {
    id: req.clientId,
    clientId: req.clientId,
    workspaceId,
    conversationId: req.conversationId,
    authorKind: 'agent',
    authorId: agentId,
    authorName: author?.name ?? null,
    text,
    createdAt: Date.now(),
    delivery: 'pending',
    unsent: 1,
  };
  const write: OutboxWrite = { kind: 'message.send', conversationId: req.conversationId, text };
  return (
    (await queue(account, meta, req.clientId, write, row, true)) ?? {
      ok: true,
      clientId: req.clientId,
    }
  );
}

/** S9: mark a conversation read (at once in the cache) through the outbox. */
export async function queueRead(
  account: Account,
  meta: MetaWriter,
  conversationId: string,
): Promise<ResponseData<'conversation.read'>> {
  const write: OutboxWrite = { kind: 'conversation.read', conversationId };
  const failure = await queue(account, meta, uuidv7(), write);
  await updateBadge(account.db);
  return failure ?? { ok: true };
}

export async function queueAssign(
  account: Account,
  meta: MetaWriter,
  req: RequestData<'conversation.assign'>,
): Promise<ResponseData<'conversation.assign'>> {
  const write: OutboxWrite = { kind: 'conversation.assign', ...req };
  return (await queue(account, meta, uuidv7(), write)) ?? { ok: true };
}

/** R4–R6: transfer, close or reopen a conversation through the outbox. */
export async function queueRoutingWrite(
  account: Account,
  meta: MetaWriter,
  write: Extract<
    OutboxWrite,
    { kind: 'conversation.transfer' | 'conversation.close' | 'conversation.reopen' }
  >,
): Promise<Failure | { ok: true }> {
  if (!IdSchema.safeParse(write.conversationId).success) {
    return {
      ok: false,
      code: 'invalid_request',
      message: 'This conversation has no valid id. Reload the side panel and try again.',
    };
  }
  return (await queue(account, meta, uuidv7(), write)) ?? { ok: true };
}

/**
 * S15: count one insertion of a macro (side panel or web page) through the outbox: the cached
 * count goes up at once, and the server counts it exactly once, even when it is sent again after
 * a dropped connection or a restarted worker.
 */
export async function queueMacroUse(
  account: Account,
  meta: MetaWriter,
  macroId: string,
): Promise<ResponseData<'macro.used'>> {
  if (!IdSchema.safeParse(macroId).success) {
    return {
      ok: false,
      code: 'invalid_request',
      message: 'This macro has no valid id. Reload the page and insert it again.',
    };
  }
  return (await queue(account, meta, uuidv7(), { kind: 'macro.use', macroId })) ?? { ok: true };
}

/** A failed write goes back to pending, with the same client id, and is sent again. */
export async function retryWrite(
  account: Account,
  clientId: string,
): Promise<ResponseData<'message.retry'>> {
  const { db } = account;
  const entry = await db.outbox.where('clientId').equals(clientId).first();
  if (!entry) return GONE;
  if (entry.status === 'failed') {
    await db.transaction('rw', [db.outbox, db.messages], async () => {
      await db.outbox.update(entry.order!, { status: 'pending', failure: undefined });
      await db.messages.update(clientId, { delivery: 'pending', failure: undefined, unsent: 1 });
    });
  }
  account.outbox.kick();
  return { ok: true };
}

/** Drop a write that was not sent; a message's text is given back for the composer. */
export async function discardWrite(
  account: Account,
  clientId: string,
): Promise<ResponseData<'message.discard'>> {
  const { db } = account;
  if (account.outbox.sending === clientId) return BUSY;
  const entry = await db.outbox.where('clientId').equals(clientId).first();
  if (!entry) return GONE;
  await db.transaction('rw', [db.outbox, db.messages], async () => {
    await db.outbox.delete(entry.order!);
    const row = await db.messages.get(clientId);
    if (row && row.delivery !== 'sent') await db.messages.delete(clientId);
  });
  return { ok: true, text: entry.kind === 'message.send' ? entry.text : '' };
}
