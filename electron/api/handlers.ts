// The handler table: every method of shared/api.ts, joined from the areas' handler files.
// Writes are wrapped in one transaction by the dispatcher, not here.
import type { Api } from '../../shared/api';
import type { HandlersFor } from './handlerTypes';
import { appHandlers } from './appHandlers';
import { ordersHandlers } from './ordersHandlers';
import { unitsHandlers } from './unitsHandlers';
import { deadlinesHandlers } from './deadlinesHandlers';
import { statsHandlers } from './statsHandlers';
import { importsHandlers } from './importsHandlers';
import { backupsHandlers } from './backupsHandlers';
import { bulletinsHandlers } from './bulletinsHandlers';

export const handlers: HandlersFor<Api> = {
  ...appHandlers,
  ...ordersHandlers,
  ...unitsHandlers,
  ...deadlinesHandlers,
  ...statsHandlers,
  ...importsHandlers,
  ...backupsHandlers,
  ...bulletinsHandlers,
};
