import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { itemFromFields, joinsOf, stepsOf } from '../../src/collab/doc';
import { CLOSE_CODES } from '../../server/sync/close-codes';
import { MalformedMessage } from '../../server/sync/messages';
import { Refusal } from '../../server/sync/refusal';
import { ShadowDoc } from '../../server/sync/shadow-doc';

const limits = { maxSteps: 3, maxJoins: 2, maxDocBytes: 4096 };

/** A client doc and the updates it makes, one per change, as the provider would send them. */
function client() {
  const doc = new Y.Doc();
  const sent: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => sent.push(update));
  return {
    doc,
    sent,
    addStep: (id: string, label = id) => stepsOf(doc).set(id, itemFromFields({ kind: 'human', label })),
    last: () => sent[sent.length - 1],
  };
}

function shadowOf(room: Y.Doc, given = limits) {
  const shadow = new ShadowDoc(given, () => [Y.encodeStateAsUpdate(room)]);
  shadow.reset();
  return shadow;
}

const refusalOf = (run: () => void) => {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('ShadowDoc', () => {
  it('admits updates up to the step limit and refuses the one past it with 4413, leaving the shadow as it was', () => {
    const room = new Y.Doc();
    const shadow = shadowOf(room);
    const ann = client();
    for (const id of ['a', 'b', 'c']) {
      ann.addStep(id);
      shadow.admit(ann.last());
    }
    ann.addStep('d');
    const refusal = refusalOf(() => shadow.admit(ann.last()));
    expect(refusal).toBeInstanceOf(Refusal);
    expect((refusal as Refusal).code).toBe(CLOSE_CODES.MAP_TOO_LARGE);
    expect((refusal as Refusal).fields).toMatchObject({ limit: 'steps', value: 4, max: 3 });
    // Rebuilt from the room (empty here): the three earlier steps were never written to it, so
    // three new ones fit again; and changes that add no step always fit.
    const bob = client();
    for (const id of ['x', 'y', 'z']) {
      bob.addStep(id);
      shadow.admit(bob.last());
    }
    stepsOf(bob.doc).get('x')?.set('label', 'renamed');
    shadow.admit(bob.last());
  });

  it('counts an update that only completes an earlier one (Yjs keeps the earlier one pending)', () => {
    const room = new Y.Doc();
    const shadow = shadowOf(room);
    const ann = client();
    ann.addStep('a');
    ann.addStep('b');
    ann.addStep('c');
    ann.addStep('d');
    // The fourth step alone cannot integrate (it follows Ann's first three): admitted as pending.
    shadow.admit(ann.sent[3]);
    shadow.admit(ann.sent[0]);
    shadow.admit(ann.sent[1]);
    // The third completes the chain: four steps at once.
    expect((refusalOf(() => shadow.admit(ann.sent[2])) as Refusal).fields).toMatchObject({ limit: 'steps', value: 4 });
  });

  it('refuses joins past their limit', () => {
    const shadow = shadowOf(new Y.Doc());
    const ann = client();
    for (const id of ['j1', 'j2', 'j3']) joinsOf(ann.doc).set(id, itemFromFields({ from: 'a', to: 'b' }));
    shadow.admit(ann.sent[0]);
    shadow.admit(ann.sent[1]);
    expect((refusalOf(() => shadow.admit(ann.sent[2])) as Refusal).fields).toMatchObject({ limit: 'joins' });
  });

  it('refuses an update that takes the encoded doc past the byte limit', () => {
    const shadow = shadowOf(new Y.Doc());
    const ann = client();
    ann.addStep('a', 'x'.repeat(3000));
    shadow.admit(ann.last());
    stepsOf(ann.doc).get('a')?.set('notes', 'y'.repeat(1500));
    expect((refusalOf(() => shadow.admit(ann.last())) as Refusal).fields).toMatchObject({ limit: 'bytes', max: 4096 });
    stepsOf(ann.doc).get('a')?.set('owner', 'Ann');
    // Yjs holds it as pending (it follows the refused update), which costs bytes too, but few.
    shadow.admit(ann.last());
  });

  it('lets a map already past a limit (the limit lowered) shrink, but not grow', () => {
    const room = new Y.Doc();
    for (const id of ['a', 'b', 'c', 'd', 'e']) stepsOf(room).set(id, itemFromFields({ kind: 'human', label: id }));
    const editor = new Y.Doc();
    Y.applyUpdate(editor, Y.encodeStateAsUpdate(room));
    const shadow = shadowOf(room);
    const sent: Uint8Array[] = [];
    editor.on('update', (update: Uint8Array) => sent.push(update));
    stepsOf(editor).delete('a');
    shadow.admit(sent[0]);
    stepsOf(editor).get('b')?.set('label', 'moved on');
    shadow.admit(sent[1]);
    stepsOf(editor).set('f', itemFromFields({ kind: 'human', label: 'f' }));
    expect(refusalOf(() => shadow.admit(sent[2]))).toBeInstanceOf(Refusal);
  });

  it('throws MalformedMessage for garbage and carries on', () => {
    const shadow = shadowOf(new Y.Doc());
    expect(() => shadow.admit(new Uint8Array([1, 2, 3, 200, 200]))).toThrow(MalformedMessage);
    const ann = client();
    ann.addStep('a');
    shadow.admit(ann.last());
  });
});

describe('ShadowDoc, what it writes', () => {
  it("returns what Yjs integrated, not the client's bytes; nothing for structs still waiting", () => {
    const shadow = shadowOf(new Y.Doc());
    const ann = client();
    ann.addStep('a');
    ann.addStep('b');
    expect(shadow.admit(ann.sent[1])).toEqual([]); // waits for the first
    const written = shadow.admit(ann.sent[0]);
    expect(written).toHaveLength(1);
    const room = new Y.Doc();
    Y.applyUpdate(room, written[0]);
    expect([...stepsOf(room).keys()].sort()).toEqual(['a', 'b']);
  });

  it("does not blame an update for someone else's waiting garbage that Yjs chokes on when it retries", () => {
    const shadow = shadowOf(new Y.Doc());
    // Applies (Yjs keeps it waiting), but cannot be merged with anything else that waits.
    const garbage = Uint8Array.from(Buffer.from('0101aec0c0efa69fbb6309a8630201770772656e616d65640163010201', 'hex'));
    expect(shadow.admit(garbage)).toEqual([]);
    const ann = client();
    ann.addStep('a');
    ann.addStep('b');
    expect(shadow.admit(ann.sent[1])).toEqual([]);
    expect(shadow.admit(ann.sent[0])).toHaveLength(1);
  });
});
