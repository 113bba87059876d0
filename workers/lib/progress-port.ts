// Progress callbacks that arrive from the UI as comlink proxies.
import * as Comlink from 'comlink';

/**
 * A progress callback from the UI, which arrives as a comlink proxy (a MessagePort). Reports never
 * throw into the work (a page that went away must not fail a load), and the port is released when
 * the call that brought it ends. `report` resolves once the UI has handled the report.
 */
export function progressPort<T>(callback: (p: T) => void): { report: (p: T) => Promise<void>; release: () => void } {
  let released = false;
  return {
    report(p) {
      if (released) return Promise.resolve();
      try {
        return Promise.resolve(callback(p)).then(
          () => undefined,
          () => undefined,
        );
      } catch {
        return Promise.resolve(); // the proxy was released or its page is gone; the work goes on without reports
      }
    },
    release() {
      if (released) return;
      released = true;
      (callback as unknown as Partial<Record<typeof Comlink.releaseProxy, () => void>>)[Comlink.releaseProxy]?.();
    },
  };
}
