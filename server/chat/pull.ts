import type { SyncPage } from '../../protocol';
import { CursorInvalidError, NotFoundError } from '../errors';
import type { RapportStorage } from '../storage/storage';

/**
 * One page of the workspace's changes after `since` (S2) as `agentId` may see them (S14), or the
 * S3 refusals as errors.
 */
export async function pullPage(
  storage: RapportStorage,
  auth: { workspaceId: string; agentId: string },
  query: { since: number; limit: number },
): Promise<SyncPage> {
  const result = await storage.pullChanges(auth.workspaceId, {
    since: query.since,
    limit: query.limit,
    agentId: auth.agentId,
  });
  switch (result.status) {
    case 'not_found':
      throw new NotFoundError('Your workspace');
    case 'cursor_invalid':
      throw new CursorInvalidError(query.since, result.headSeq);
    case 'page': {
      const { epoch, changes, cursor, headSeq, hasMore } = result;
      return { epoch, changes, cursor, headSeq, hasMore };
    }
  }
}
