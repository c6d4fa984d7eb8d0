/**
 * A request to stop something early, heard by the one holder that acts on it: an invocation's abort (its pool), a
 * Runtime API long poll's end (its instance). A callback rather than an AbortController and its AbortSignal: one of
 * those per invocation was a measured part of the local API's cost per request.
 */
export class Cancellation {
  private done = false;
  private listener?: () => void;

  /** Whether it was asked for. */
  get requested(): boolean {
    return this.done;
  }

  /** Hears it, once. */
  onCancel(listener: () => void): void {
    this.listener = listener;
  }

  cancel(): void {
    if (this.done) return;
    this.done = true;
    this.listener?.();
  }
}
