import type { Kysely } from 'kysely';
import { accountStore } from './kysely-accounts';
import { conversationStore } from './kysely-conversations';
import { customerStore } from './kysely-customers';
import { identityStore } from './kysely-identity';
import { macroPinStore } from './kysely-macro-pins';
import { macroStore } from './kysely-macros';
import { appendAgentMessage, appendCustomerMessage, listMessages } from './kysely-messages';
import { loadRoutingSnapshot, routingWrite } from './kysely-routing';
import { syncStore } from './kysely-sync';
import type { Database } from './schema';
import type { RapportStorage } from './storage';

/**
 * RapportStorage over any Kysely dialect. Dialect-specific setup (opening the connection,
 * pragmas, migrations) lives in the factory that builds the Kysely instance (sqlite.ts,
 * postgres.ts).
 */
export function createKyselyStorage(db: Kysely<Database>): RapportStorage {
  return {
    ...accountStore(db),
    ...conversationStore(db),
    ...syncStore(db),
    ...macroStore(db),
    ...macroPinStore(db),
    ...identityStore(db),
    ...customerStore(db),
    listMessages: (workspaceId, conversationId, options) =>
      listMessages(db, workspaceId, conversationId, options),
    appendAgentMessage: (input) => appendAgentMessage(db, input),
    appendCustomerMessage: (input) => appendCustomerMessage(db, input),
    loadRoutingSnapshot: (workspaceId) => loadRoutingSnapshot(db, workspaceId),
    routingWrite: (input) => routingWrite(db, input),
    async close() {
      await db.destroy();
    },
  };
}
