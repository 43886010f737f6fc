import * as Y from 'yjs';
import { putBackEmptiedFields } from './emptiedFields';

type StackItem = Y.UndoManager['undoStack'][number];
type UndoEvent = Parameters<Y.UndoManager['emit']>[0];
type EventArgs<Name extends UndoEvent> = Parameters<typeof Y.UndoManager.prototype.emit<Name>>[1];
type Popped = EventArgs<'stack-item-popped'>;

/**
 * Yjs's UndoManager, except that taking back a step never leaves a field it changed with no value.
 *
 * When two people set one field at the same moment (both rename a step to the same text, both
 * click "Apply fix in redesign"), Yjs keeps one of the two values. If it kept yours and you undo,
 * Yjs takes your value away but will not put back the one from before: your colleague's value was
 * written after that one, and an undo never overwrites a colleague's change (yjs/yjs#514). The
 * field was left empty: a step without its label or kind, a join without its end, dropped from
 * the map; an owner or a wait silently gone. Here the undo puts back the value from before in the
 * same transaction as the rest of it (emptiedFields.ts): colleagues get the undo as one change, and
 * a redo takes that value out again, as it takes out anything the undo wrote.
 *
 * It leans on how Yjs's UndoManager files its own transactions (its `undoing` and `redoing`
 * flags, the order of its events), which is not its public API: yjs is pinned to one version in
 * package.json, and test/collab/undo-same-edit.test.ts says at once if an update changes that.
 */
export class FieldKeepingUndoManager extends Y.UndoManager {
  /** What Yjs said was popped during the undo or redo under way, said once it is over. */
  private popped: Popped[] | null = null;

  override undo(): StackItem | null {
    return this.takeBack(() => super.undo(), 'undoing');
  }

  override redo(): StackItem | null {
    return this.takeBack(() => super.redo(), 'redoing');
  }

  /**
   * Yjs's undo (or redo) and the fields it left empty put back, in one transaction of this
   * manager's. Yjs files a transaction of its own origin as an undo (onto the redo stack) or a
   * redo by its `undoing` and `redoing` flags when the transaction ends, and its own undo clears
   * them before that: they stay set to the end of this one.
   */
  private takeBack(pop: () => StackItem | null, flag: 'undoing' | 'redoing'): StackItem | null {
    let taken: StackItem | null = null;
    const popped: Popped[] = [];
    this.popped = popped;
    try {
      this.doc.transact((transaction) => {
        taken = pop();
        this[flag] = true;
        if (taken) putBackEmptiedFields(transaction, taken, this.scope);
      }, this);
    } finally {
      this[flag] = false;
      this.popped = null;
    }
    for (const event of popped) super.emit('stack-item-popped', event);
    return taken;
  }

  /**
   * Yjs says a step was popped once it has put the step on the other stack, and
   * replaceWithReview.ts relies on that order; here the step reaches the other stack when the
   * transaction ends, after Yjs spoke, so what it said waits until then.
   */
  override emit<Name extends UndoEvent>(name: Name, args: EventArgs<Name>): void {
    if (name === 'stack-item-popped' && this.popped) this.popped.push(args as Popped);
    else super.emit(name, args);
  }
}
