// The clerk's own undo/redo: an app-level stack of commands, because AG Grid's undo does not
// see pastes, deletions or new rows. One paste, one deletion or one typed edit is one step.

export interface Command {
  /** What the step did, for the buttons' tooltips: '粘贴 6 个单元格'. */
  label: string;
  undo: () => Promise<void>;
  redo: () => Promise<void>;
}

export class EditStack {
  private done: Command[] = [];
  private undone: Command[] = [];
  private busy = false;
  private listeners = new Set<() => void>();

  constructor(private readonly limit = 200) {}

  push(command: Command): void {
    this.done.push(command);
    if (this.done.length > this.limit) this.done.shift();
    this.undone = [];
    this.emit();
  }

  get canUndo(): boolean { return !this.busy && this.done.length > 0; }
  get canRedo(): boolean { return !this.busy && this.undone.length > 0; }
  get undoLabel(): string | undefined { return this.done.at(-1)?.label; }
  get redoLabel(): string | undefined { return this.undone.at(-1)?.label; }

  /** Undoes the last step; the label of what was undone, or null when there was nothing. */
  async undo(): Promise<string | null> {
    return this.step(this.done, this.undone, (c) => c.undo());
  }

  async redo(): Promise<string | null> {
    return this.step(this.undone, this.done, (c) => c.redo());
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  private async step(from: Command[], to: Command[], run: (c: Command) => Promise<void>): Promise<string | null> {
    if (this.busy || from.length === 0) return null;
    const command = from.pop()!;
    this.busy = true;
    this.emit();
    try {
      await run(command);
      to.push(command);
      return command.label;
    } catch (e) {
      from.push(command); // the step did not happen: keep it where it was
      throw e;
    } finally {
      this.busy = false;
      this.emit();
    }
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}
