// Shared by the bridge and the workers: how errors travel through comlink. Comlink's default
// throw handler keeps only message/name/stack; ours also keeps the error's `code`, so the UI can
// tell a truncated model file from a full disk without parsing messages.
import * as Comlink from 'comlink';

interface WireError {
  name: string;
  message: string;
  code: string;
  stack?: string;
}

type ThrownValue = { value: unknown };

export function installErrorTransfer(): void {
  const previous = Comlink.transferHandlers.get('throw')!;
  Comlink.transferHandlers.set('throw', {
    canHandle: previous.canHandle,
    serialize(thrown: unknown) {
      const value = (thrown as ThrownValue).value;
      if (value && typeof value === 'object' && 'message' in value) {
        const error = value as Error & { code?: unknown };
        const wire: WireError = {
          name: error.name,
          message: error.message,
          code: typeof error.code === 'string' ? error.code : error.name === 'AbortError' ? 'aborted' : 'internal',
          stack: error.stack,
        };
        return [{ isError: true, value: wire }, []];
      }
      return [{ isError: false, value }, []];
    },
    deserialize(serialized: unknown) {
      const { isError, value } = serialized as { isError: boolean; value: unknown };
      if (!isError) throw value;
      const wire = value as WireError;
      const error = Object.assign(new Error(wire.message), { name: wire.name, code: wire.code });
      throw error;
    },
  });
}
