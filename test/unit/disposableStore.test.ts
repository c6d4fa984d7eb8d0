import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DisposableStore, toDisposable } from '../../src/core/disposableStore';

test('a store disposes its items once, newest first, and keeps going past one that throws', () => {
  const order: string[] = [];
  const store = new DisposableStore();
  store.add(toDisposable(() => order.push('first')));
  store.add(
    toDisposable(() => {
      order.push('throws');
      throw new Error('boom');
    }),
  );
  store.add(toDisposable(() => order.push('last')));
  assert.throws(() => store.dispose(), /boom/);
  store.dispose();
  assert.deepEqual(order, ['last', 'throws', 'first']);
  assert.equal(store.isDisposed, true);
});

test('adding to a disposed store disposes the newcomer at once', () => {
  const store = new DisposableStore();
  store.dispose();
  let disposed = false;
  const item = store.add(toDisposable(() => (disposed = true)));
  assert.equal(disposed, true);
  assert.equal(typeof item.dispose, 'function');
});
