// Writing the WAL back into the ledger file a moment after a write, not inside one.
//
// Left to itself, SQLite checkpoints at the end of whichever commit takes the WAL past 1,000 pages:
// that clerk waits for it (half a second more for a 100,000-row import), and small edits stay in
// ledger.sqlite3-wal until enough of them pile up, so a clerk who copies ledger.sqlite3 alone to a
// USB stick leaves them behind (and with synchronous=NORMAL they reach the disk only when
// checkpointed). The app checkpoints instead a second after a write, on the event loop, once the
// answer has gone out. A process that closes the ledger checkpoints on close as before.
import type { Db } from './open';

export const CHECKPOINT_DELAY_MS = 1000;

export class IdleCheckpoints {
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly db: Db, private readonly delayMs = CHECKPOINT_DELAY_MS) {
    db.pragma('wal_autocheckpoint = 0');
  }

  /**
   * After a write: a checkpoint within delayMs. One is pending at a time (later writes do not push
   * it back), so steady writing still gets one every delayMs.
   */
  afterWrite(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.db.open) return;
      if (this.db.inTransaction) this.afterWrite(); // not in the middle of anything: try again later
      else this.db.pragma('wal_checkpoint(PASSIVE)');
    }, this.delayMs);
    this.timer.unref(); // a command-line run ends when its work does; closing checkpoints
  }
}
