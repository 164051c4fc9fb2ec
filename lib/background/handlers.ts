import { getDb } from '../db';
import type { Failure } from '../messages';
import type { Handlers } from '../messaging';
import { requireSession, signIn, signOut } from './auth';
import type { Background } from './background';
import { fetchLatestMessages } from './sync';

function offline(what: string): Failure {
  return {
    ok: false,
    code: 'network',
    message: `You're offline: ${what}. Try again when Rapport is back online.`,
  };
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

    'message.send': async (req) => {
      await bg.ready;
      return requireSession(bg) ?? bg.connection.sendMessage(req);
    },

    'conversation.open': async ({ conversationId }) => {
      await bg.ready;
      const api = bg.api();
      if (!api) return requireSession(bg)!;
      const page = await bg.checkAuthorized(
        await fetchLatestMessages(api, bg.cache, conversationId),
      );
      if (!page.ok) return page;
      const conversation = await getDb().conversations.get(conversationId);
      if (conversation && conversation.unreadCount > 0) {
        bg.connection.send({ type: 'conversation.read', conversationId });
      }
      return { ok: true };
    },

    'conversation.read': async ({ conversationId }) => {
      await bg.ready;
      const missing = requireSession(bg);
      if (missing) return missing;
      if (!bg.connection.send({ type: 'conversation.read', conversationId })) {
        return offline('the conversation was not marked as read');
      }
      return { ok: true };
    },

    'agent.setStatus': async ({ status }) => {
      await bg.ready;
      const missing = requireSession(bg);
      if (missing) return missing;
      if (!bg.connection.send({ type: 'agent.status', status })) {
        return offline('your status was not changed');
      }
      return { ok: true };
    },

    'sidepanel.visibility': ({ visible }) => {
      bg.visibility.report(visible);
      return { ok: true };
    },
  };
}
