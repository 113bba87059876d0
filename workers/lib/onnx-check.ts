// A cheap look at the start of an ONNX file, to say which of several files is damaged when the
// runtime's own error does not (onnxruntime-web reports a parse failure without a file name).
// An ONNX file is a protobuf ModelProto: the top-level fields are walked, and a field that claims
// more bytes than the file holds means the file was cut short.

export type OnnxHeadVerdict = 'ok' | 'truncated' | 'not-onnx';

const MODEL_PROTO_FIELDS = new Set([1, 2, 3, 4, 5, 6, 7, 8, 14, 20, 25]);

function readVarint(bytes: Uint8Array, start: number): { value: number; next: number } | null {
  let value = 0;
  let scale = 1;
  for (let i = start; i < bytes.length && i < start + 10; i++) {
    const byte = bytes[i]!;
    value += (byte & 0x7f) * scale;
    scale *= 128;
    if ((byte & 0x80) === 0) return { value, next: i + 1 };
  }
  return null;
}

/** Judges a file from its first bytes (`head`) and its full length. */
export function checkOnnxHead(head: Uint8Array, totalBytes: number): OnnxHeadVerdict {
  if (totalBytes === 0 || head.length === 0) return 'truncated';
  let position = 0;
  let sawGraph = false;
  while (position < totalBytes) {
    if (position >= head.length) return 'ok'; // the rest lies beyond the bytes read, and fits in the file
    const tag = readVarint(head, position);
    if (!tag) return head.length < totalBytes ? 'ok' : 'truncated';
    const field = Math.floor(tag.value / 8);
    const wireType = tag.value % 8;
    if (!MODEL_PROTO_FIELDS.has(field)) return 'not-onnx';
    position = tag.next;
    if (wireType === 0) {
      const value = readVarint(head, position);
      if (!value) return head.length < totalBytes ? 'ok' : 'truncated';
      position = value.next;
    } else if (wireType === 2) {
      const length = readVarint(head, position);
      if (!length) return head.length < totalBytes ? 'ok' : 'truncated';
      position = length.next + length.value;
      if (field === 7) sawGraph = true;
      if (position > totalBytes) return 'truncated';
    } else if (wireType === 5) {
      position += 4;
    } else if (wireType === 1) {
      position += 8;
    } else {
      return 'not-onnx';
    }
  }
  if (position > totalBytes) return 'truncated';
  return sawGraph ? 'ok' : 'not-onnx';
}
