/** Anything that holds a resource until it is disposed: editor disposables, watchers, timers wrapped by `toDisposable`. */
export interface Disposable {
  dispose(): unknown;
}

/** Wraps a clean-up function so it can be held in a `DisposableStore`. */
export function toDisposable(dispose: () => unknown): Disposable {
  return { dispose };
}

/**
 * Owns a set of disposables and disposes them together, once, newest first (so a thing is disposed before what it was
 * built on). Adding to a store that is already disposed disposes the newcomer at once instead of leaking it.
 */
export class DisposableStore implements Disposable {
  private readonly items: Disposable[] = [];
  private disposed = false;

  /** Takes ownership of `item` and returns it, so a field can be declared and registered in one expression. */
  add<T extends Disposable>(item: T): T {
    if (this.disposed) item.dispose();
    else this.items.push(item);
    return item;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Disposes every item; an item that throws does not stop the others, and the first error is rethrown after. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    let firstError: unknown;
    for (const item of this.items.splice(0).reverse()) {
      try {
        item.dispose();
      } catch (error) {
        firstError ??= error;
      }
    }
    if (firstError !== undefined) throw firstError;
  }
}
