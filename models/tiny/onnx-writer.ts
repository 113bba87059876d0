// A minimal encoder for the subset of onnx.proto (ModelProto) that the tiny
// models need. Field numbers and enum values follow onnx/onnx.proto.

/** A Uint16Array holds float16 bits; Uint8Array and Int8Array hold quantized weights. */
export type OnnxTensorData = Float32Array | BigInt64Array | Int32Array | Uint16Array | Uint8Array | Int8Array;

export interface OnnxTensor {
  name: string;
  dims: readonly number[];
  data: OnnxTensorData;
}

export type OnnxAttribute =
  | { type: 'int'; value: number }
  | { type: 'float'; value: number }
  | { type: 'ints'; value: readonly number[] }
  | { type: 'tensor'; value: OnnxTensor };

export interface OnnxNode {
  opType: string;
  name: string;
  inputs: readonly string[];
  outputs: readonly string[];
  attributes?: Readonly<Record<string, OnnxAttribute>>;
  /** Operator domain; '' (the default ONNX domain) unless set, e.g. 'com.microsoft' for ORT's contrib ops. */
  domain?: string;
}

/** A graph input or output (float32 unless `type` says otherwise); string dims are symbolic (e.g. "batch"). */
export interface OnnxValueInfo {
  name: string;
  shape: readonly (number | string)[];
  type?: OnnxElementType;
}

export type OnnxElementType = 'float32' | 'int64' | 'bool' | 'float16';

export interface OnnxGraph {
  name: string;
  nodes: readonly OnnxNode[];
  initializers: readonly OnnxTensor[];
  inputs: readonly OnnxValueInfo[];
  outputs: readonly OnnxValueInfo[];
}

export interface OnnxModelOptions {
  irVersion?: number;
  opsetVersion?: number;
  producerName?: string;
  docString?: string;
}

export const intAttr = (value: number): OnnxAttribute => ({ type: 'int', value });
export const floatAttr = (value: number): OnnxAttribute => ({ type: 'float', value });
export const intsAttr = (value: readonly number[]): OnnxAttribute => ({ type: 'ints', value });
export const tensorAttr = (value: OnnxTensor): OnnxAttribute => ({ type: 'tensor', value });

const WIRE_VARINT = 0;
const WIRE_LENGTH_DELIMITED = 2;
const WIRE_FIXED32 = 5;

const DATA_TYPE_FLOAT = 1;
const DATA_TYPE_UINT8 = 2;
const DATA_TYPE_INT8 = 3;
const DATA_TYPE_INT32 = 6;
const DATA_TYPE_INT64 = 7;
const DATA_TYPE_BOOL = 9;
const DATA_TYPE_FLOAT16 = 10;

function dataTypeOf(data: OnnxTensorData): number {
  if (data instanceof Float32Array) return DATA_TYPE_FLOAT;
  if (data instanceof BigInt64Array) return DATA_TYPE_INT64;
  if (data instanceof Int32Array) return DATA_TYPE_INT32;
  if (data instanceof Uint16Array) return DATA_TYPE_FLOAT16;
  if (data instanceof Int8Array) return DATA_TYPE_INT8;
  return DATA_TYPE_UINT8;
}

const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** onnx.proto's TensorProto.DataType codes, for Cast's `to` attribute and typed graph inputs. */
export const ONNX_DATA_TYPE: Record<OnnxElementType, number> = { float32: DATA_TYPE_FLOAT, int64: DATA_TYPE_INT64, bool: DATA_TYPE_BOOL, float16: DATA_TYPE_FLOAT16 };

const ATTRIBUTE_TYPE = { float: 1, int: 2, tensor: 4, ints: 7 } as const;

const textEncoder = new TextEncoder();

/** Appends protobuf fields to a list of chunks so large payloads are copied only once, at the end. */
class ProtoWriter {
  private readonly chunks: Uint8Array[] = [];
  private length = 0;

  private push(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.length += bytes.length;
  }

  private varint(value: bigint): void {
    // Negative int64 values are sent as their 64-bit two's complement (10 bytes).
    let remaining = BigInt.asUintN(64, value);
    const bytes: number[] = [];
    while (remaining >= 0x80n) {
      bytes.push(Number(remaining & 0x7fn) | 0x80);
      remaining >>= 7n;
    }
    bytes.push(Number(remaining));
    this.push(Uint8Array.from(bytes));
  }

  private tag(field: number, wireType: number): void {
    this.varint(BigInt((field << 3) | wireType));
  }

  int(field: number, value: number | bigint): void {
    this.tag(field, WIRE_VARINT);
    this.varint(typeof value === 'bigint' ? value : BigInt(value));
  }

  float(field: number, value: number): void {
    this.tag(field, WIRE_FIXED32);
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    this.push(bytes);
  }

  bytes(field: number, value: Uint8Array): void {
    this.tag(field, WIRE_LENGTH_DELIMITED);
    this.varint(BigInt(value.length));
    this.push(value);
  }

  string(field: number, value: string): void {
    this.bytes(field, textEncoder.encode(value));
  }

  /** A nested message; its chunks are adopted, not copied, so a 1 GB graph is never duplicated. */
  message(field: number, build: (writer: ProtoWriter) => void): void {
    const child = new ProtoWriter();
    build(child);
    this.tag(field, WIRE_LENGTH_DELIMITED);
    this.varint(BigInt(child.length));
    for (const chunk of child.chunks) this.push(chunk);
  }

  /** The encoded bytes as a list of pieces (for streaming to disk), and their total length. */
  pieces(): { chunks: readonly Uint8Array[]; length: number } {
    return { chunks: this.chunks, length: this.length };
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }
}

function littleEndianBytes(data: OnnxTensorData): Uint8Array {
  if (LITTLE_ENDIAN || data instanceof Uint8Array || data instanceof Int8Array) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const bytes = new Uint8Array(data.length * data.BYTES_PER_ELEMENT);
  const view = new DataView(bytes.buffer);
  if (data instanceof Float32Array) {
    for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i]!, true);
  } else if (data instanceof Int32Array) {
    for (let i = 0; i < data.length; i++) view.setInt32(i * 4, data[i]!, true);
  } else if (data instanceof Uint16Array) {
    for (let i = 0; i < data.length; i++) view.setUint16(i * 2, data[i]!, true);
  } else {
    for (let i = 0; i < data.length; i++) view.setBigInt64(i * 8, (data as BigInt64Array)[i]!, true);
  }
  return bytes;
}

/** Where initializer bytes go when a graph keeps its weights in an external data file. */
class ExternalData {
  private readonly chunks: Uint8Array[] = [];
  private length = 0;

  constructor(readonly location: string) {}

  /** Appends bytes at an offset aligned to 64 and returns that offset. */
  add(bytes: Uint8Array): number {
    const pad = (64 - (this.length % 64)) % 64;
    if (pad) this.chunks.push(new Uint8Array(pad));
    const offset = this.length + pad;
    this.chunks.push(bytes);
    this.length = offset + bytes.length;
    return offset;
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }
}

function writeTensor(w: ProtoWriter, tensor: OnnxTensor, external?: ExternalData): void {
  const expected = tensor.dims.reduce((a, b) => a * b, 1);
  if (expected !== tensor.data.length) {
    throw new Error(`tensor ${tensor.name}: dims [${tensor.dims}] need ${expected} values, got ${tensor.data.length}`);
  }
  for (const dim of tensor.dims) w.int(1, dim);
  w.int(2, dataTypeOf(tensor.data));
  w.string(8, tensor.name);
  const bytes = littleEndianBytes(tensor.data);
  // As onnx's own converter does (size_threshold=1024), small tensors stay inline: shape and index
  // constants must be readable while the graph is checked, before any external file is attached.
  if (!external || !(tensor.data instanceof Float32Array) || bytes.length < 1024) {
    w.bytes(9, bytes);
    return;
  }
  // TensorProto.external_data (13): location, offset and length; data_location (14) = EXTERNAL.
  const offset = external.add(bytes);
  for (const [key, value] of [
    ['location', external.location],
    ['offset', String(offset)],
    ['length', String(bytes.length)],
  ]) {
    w.message(13, (entry) => {
      entry.string(1, key!);
      entry.string(2, value!);
    });
  }
  w.int(14, 1);
}

function writeAttribute(w: ProtoWriter, name: string, attribute: OnnxAttribute): void {
  w.string(1, name);
  switch (attribute.type) {
    case 'float':
      w.float(2, attribute.value);
      break;
    case 'int':
      w.int(3, attribute.value);
      break;
    case 'tensor':
      w.message(5, (t) => writeTensor(t, attribute.value));
      break;
    case 'ints':
      for (const value of attribute.value) w.int(8, value);
      break;
  }
  w.int(20, ATTRIBUTE_TYPE[attribute.type]);
}

function writeNode(w: ProtoWriter, node: OnnxNode): void {
  for (const input of node.inputs) w.string(1, input);
  for (const output of node.outputs) w.string(2, output);
  w.string(3, node.name);
  w.string(4, node.opType);
  for (const [name, attribute] of Object.entries(node.attributes ?? {})) {
    w.message(5, (a) => writeAttribute(a, name, attribute));
  }
  if (node.domain) w.string(7, node.domain);
}

function writeValueInfo(w: ProtoWriter, info: OnnxValueInfo): void {
  w.string(1, info.name);
  w.message(2, (type) =>
    type.message(1, (tensorType) => {
      tensorType.int(1, ONNX_DATA_TYPE[info.type ?? 'float32']);
      tensorType.message(2, (shape) => {
        for (const dim of info.shape) {
          shape.message(1, (d) => (typeof dim === 'number' ? d.int(1, dim) : d.string(2, dim)));
        }
      });
    }),
  );
}

function writeGraph(w: ProtoWriter, graph: OnnxGraph, external?: ExternalData): void {
  for (const node of graph.nodes) w.message(1, (n) => writeNode(n, node));
  w.string(2, graph.name);
  for (const tensor of graph.initializers) w.message(5, (t) => writeTensor(t, tensor, external));
  for (const input of graph.inputs) w.message(11, (v) => writeValueInfo(v, input));
  for (const output of graph.outputs) w.message(12, (v) => writeValueInfo(v, output));
}

/** Serialises a graph as an ONNX ModelProto (default domain, plus com.microsoft where a node uses it). */
export function encodeOnnxModel(graph: OnnxGraph, options: OnnxModelOptions = {}): Uint8Array {
  return modelWriter(graph, options).finish();
}

/** The same bytes as encodeOnnxModel, as pieces to write one after another (no 1 GB copy). */
export function encodeOnnxModelPieces(graph: OnnxGraph, options: OnnxModelOptions = {}): { chunks: readonly Uint8Array[]; length: number } {
  return modelWriter(graph, options).pieces();
}

/**
 * The same graph with every initializer's bytes in an external data file named `location`
 * (the file transformers.js fetches as "<graph>.onnx_data"); the ModelProto keeps only offsets.
 */
export function encodeOnnxModelWithExternalData(graph: OnnxGraph, location: string, options: OnnxModelOptions = {}): { onnx: Uint8Array; data: Uint8Array } {
  const external = new ExternalData(location);
  const onnx = modelWriter(graph, options, external).finish();
  return { onnx, data: external.finish() };
}

function modelWriter(graph: OnnxGraph, options: OnnxModelOptions, external?: ExternalData): ProtoWriter {
  const w = new ProtoWriter();
  w.int(1, options.irVersion ?? 8);
  w.string(2, options.producerName ?? 'whereabouts-tiny-models');
  if (options.docString) w.string(6, options.docString);
  w.message(7, (g) => writeGraph(g, graph, external));
  w.message(8, (opset) => {
    opset.string(1, '');
    opset.int(2, options.opsetVersion ?? 17);
  });
  if (graph.nodes.some((node) => node.domain === 'com.microsoft')) {
    w.message(8, (opset) => {
      opset.string(1, 'com.microsoft');
      opset.int(2, 1);
    });
  }
  return w;
}
