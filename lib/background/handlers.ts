import type { Failure } from '../messages';
import type { Handlers } from '../messaging';
import type { Account } from './account';
import { signIn, signOut } from './auth';
import { NOT_SIGNED_IN, type Background } from './background';
import { ensureConversation, fetchCustomerProfile, updateCustomer } from './customers';
import { fetchLatestIfFew, loadOlder } from './history';
import { deleteMacro, importMacros, pinMacro, refreshMacros, saveMacro } from './macros';
import { macroSites, recognitionSites } from './site-lists';
import {
  discardWrite,
  queueAssign,
  queueMacroUse,
  queueMessage,
  queueRead,
  queueRoutingWrite,
  retryWrite,
} from './writes';

/** Run `work` with the signed-in account, or answer not_signed_in. */
async function withAccount<T>(
  bg: Background,
  work: (account: Account) => Promise<T>,
): Promise<T | Failure> {
  await bg.ready;
  return bg.account ? work(bg.account) : NOT_SIGNED_IN;
}

/** The background's answer to every request of BackgroundProtocol. */
export function createHandlers(bg: Background): Handlers {
  return {
    'auth.signIn': async (req) => {
      await bg.ready;
      return signIn(bg, req);
    },

    'auth.signOut': async () => {
      await bg.ready;
      return signOut(bg);
    },

    'message.send': (req) => withAccount(bg, (account) => queueMessage(account, bg.meta, req)),

    'message.retry': ({ clientId }) => withAccount(bg, (account) => retryWrite(account, clientId)),

    'message.discard': ({ clientId }) =>
      withAccount(bg, (account) => discardWrite(account, clientId)),

    'conversation.open': ({ conversationId }) =>
      withAccount(bg, async (account) => {
        bg.openConversationId = conversationId;
        const conversation = await account.db.conversations.get(conversationId);
        if (conversation && conversation.unreadCount > 0) {
          await queueRead(account, bg.meta, conversationId);
        }
        const failure = await fetchLatestIfFew(account.db, bg.api()!, conversationId);
        return failure ? bg.checkAuthorized(failure) : { ok: true as const };
      }),

    'conversation.loadOlder': ({ conversationId }) =>
      withAccount(bg, async (account) =>
        bg.checkAuthorized(await loadOlder(account.db, bg.api()!, conversationId)),
      ),

    'conversation.read': ({ conversationId }) =>
      withAccount(bg, (account) => queueRead(account, bg.meta, conversationId)),

    'conversation.assign': (req) =>
      withAccount(bg, (account) => queueAssign(account, bg.meta, req)),

    'conversation.transfer': (req) =>
      withAccount(bg, (account) =>
        queueRoutingWrite(account, bg.meta, { kind: 'conversation.transfer', ...req }),
      ),

    'conversation.close': ({ conversationId }) =>
      withAccount(bg, (account) =>
        queueRoutingWrite(account, bg.meta, { kind: 'conversation.close', conversationId }),
      ),

    'conversation.reopen': ({ conversationId }) =>
      withAccount(bg, (account) =>
        queueRoutingWrite(account, bg.meta, { kind: 'conversation.reopen', conversationId }),
      ),

    'macros.refresh': () =>
      withAccount(bg, async (account) =>
        bg.checkAuthorized(await refreshMacros(account.db, bg.api()!)),
      ),

    'macro.used': ({ macroId }) =>
      withAccount(bg, (account) => queueMacroUse(account, bg.meta, macroId)),

    'macros.save': (req) =>
      withAccount(bg, async (account) =>
        bg.checkAuthorized(await saveMacro(account.db, bg.api()!, req)),
      ),

    'macros.pin': (req) =>
      withAccount(bg, async (account) =>
        bg.checkAuthorized(await pinMacro(account.db, bg.api()!, account.session.agentId, req)),
      ),

    'macros.delete': ({ id }) =>
      withAccount(bg, async (account) =>
        bg.checkAuthorized(await deleteMacro(account.db, bg.api()!, id)),
      ),

    'macros.import': (req) =>
      withAccount(bg, async (account) =>
        bg.checkAuthorized(await importMacros(account.db, bg.api()!, req)),
      ),

    'macros.export': ({ format }) =>
      withAccount(bg, async () => bg.checkAuthorized(await bg.api()!.exportMacros(format))),

    'customer.profile': ({ customerId }) =>
      withAccount(bg, async (account) =>
        bg.checkAuthorized(await fetchCustomerProfile(account.db, bg.api()!, customerId)),
      ),

    'customer.update': ({ customerId, patch }) =>
      withAccount(bg, async (account) =>
        bg.checkAuthorized(await updateCustomer(account.db, bg.api()!, customerId, patch)),
      ),

    'customer.openConversation': ({ customerId, conversationId }) =>
      withAccount(bg, (account) => ensureConversation(account.db, customerId, conversationId)),

    'agent.setStatus': ({ status }) =>
      withAccount(bg, async () => {
        if (bg.connection.send({ type: 'agent.status', status })) return { ok: true as const };
        const failure: Failure = {
          ok: false,
          code: 'network',
          message:
            "You're offline: your status was not changed. Try again when Rapport is back online.",
        };
        return failure;
      }),

    'agent.activity': () =>
      withAccount(bg, async (account) => {
        account.activity();
        return { ok: true as const };
      }),

    'overlay.sites': async () => ({ ok: true, ...(await macroSites.states()) }),

    'overlay.setSite': (req) => macroSites.set(req),

    'recognition.sites': async () => ({ ok: true, ...(await recognitionSites.states()) }),

    'recognition.setSite': (req) => recognitionSites.set(req),

    'sidepanel.visibility': ({ visible }) => {
      // For notifications only: a panel in view is not activity (R2), 'agent.activity' is.
      bg.visibility.report(visible);
      return { ok: true };
    },
  };
}
